package dev.restitution.payout.execution;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.List;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The commitment BatchPayout emits for a paid batch: keccak256(abi.encodePacked(items)), the hash of the
 * batch's {@link BatchItems} words (recipient in the upper 20 bytes, amount in the lower 12) concatenated in
 * batch order. The service recomputes it to check what the chain says was paid.
 * <p>
 * Items no BatchPayout call can carry (an amount above 2^96 - 1, which only a plain transfer pays) are hashed
 * too, so every order has a hash: such an item is its 20 address bytes and a 32-byte amount, and one byte
 * 0xff ends the input. That input's length is never a multiple of 32, so its hash never equals one the
 * contract emits.
 */
public final class ItemsHash {

    private static final int WORD_BYTES = 32;
    private static final int UNPACKED_MARKER = 0xff;

    private ItemsHash() {
    }

    /** 0x-prefixed lower-case hex of the 32-byte hash. */
    public static String of(List<String> recipients, List<BigInteger> amounts) {
        if (recipients.size() != amounts.size() || recipients.isEmpty()) {
            throw new IllegalArgumentException("recipients and amounts must be non-empty and of equal length");
        }
        ByteArrayOutputStream input = new ByteArrayOutputStream(WORD_BYTES * recipients.size() + 1);
        boolean unpacked = false;
        for (int i = 0; i < recipients.size(); i++) {
            BigInteger amount = amounts.get(i);
            if (BatchItems.fits(amount)) {
                input.writeBytes(Numeric.toBytesPadded(BatchItems.word(recipients.get(i), amount), WORD_BYTES));
            } else {
                if (amount.signum() <= 0 || amount.bitLength() > 256) {
                    throw new IllegalArgumentException("not a positive uint256: " + amount);
                }
                input.writeBytes(BatchItems.addressBytes(recipients.get(i)));
                input.writeBytes(Numeric.toBytesPadded(amount, WORD_BYTES));
                unpacked = true;
            }
        }
        if (unpacked) {
            input.write(UNPACKED_MARKER);
        }
        return Numeric.toHexString(Hash.sha3(input.toByteArray()));
    }
}

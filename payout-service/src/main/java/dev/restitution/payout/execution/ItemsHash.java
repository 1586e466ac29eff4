package dev.restitution.payout.execution;

import java.math.BigInteger;
import java.util.List;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The commitment BatchPayout emits for a paid batch: keccak256(abi.encode(recipients, amounts)) with
 * recipients an address[] and amounts a uint256[] in batch order, i.e. the words 0x40, 0x60 + 32n, n,
 * recipients..., n, amounts... The service recomputes it to check what the chain says was paid.
 */
public final class ItemsHash {

    private static final int WORD_BYTES = 32;

    private ItemsHash() {
    }

    /** 0x-prefixed lower-case hex of the 32-byte hash. */
    public static String of(List<String> recipients, List<BigInteger> amounts) {
        if (recipients.size() != amounts.size() || recipients.isEmpty()) {
            throw new IllegalArgumentException("recipients and amounts must be non-empty and of equal length");
        }
        int count = recipients.size();
        byte[] encoded = new byte[WORD_BYTES * (4 + 2 * count)];
        writeWord(encoded, 0, BigInteger.valueOf(0x40));
        writeWord(encoded, 1, BigInteger.valueOf(0x60L + (long) WORD_BYTES * count));
        writeWord(encoded, 2, BigInteger.valueOf(count));
        for (int i = 0; i < count; i++) {
            writeWord(encoded, 3 + i, Numeric.toBigInt(recipients.get(i)));
        }
        writeWord(encoded, 3 + count, BigInteger.valueOf(count));
        for (int i = 0; i < count; i++) {
            writeWord(encoded, 4 + count + i, amounts.get(i));
        }
        return Numeric.toHexString(Hash.sha3(encoded));
    }

    private static void writeWord(byte[] target, int wordIndex, BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 256) {
            throw new IllegalArgumentException("not a uint256: " + value);
        }
        byte[] word = Numeric.toBytesPadded(value, WORD_BYTES);
        System.arraycopy(word, 0, target, wordIndex * WORD_BYTES, WORD_BYTES);
    }
}

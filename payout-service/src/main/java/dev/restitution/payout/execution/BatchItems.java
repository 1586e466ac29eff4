package dev.restitution.payout.execution;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.utils.Numeric;

/**
 * The items of a BatchPayout call as the contract reads them: one 32-byte word per payment, the recipient
 * in the upper 20 bytes and the amount in the lower 12, i.e. {@code abi.encodePacked(address, uint96)}:
 * {@code item = uint256(uint160(recipient)) << 96 | amount}. An amount must therefore be at most
 * {@link #MAX_AMOUNT} (2^96 - 1, about 7.9e28 base units); a larger one is paid by plain transfer.
 */
public final class BatchItems {

    /** The largest amount one item carries: 2^96 - 1. */
    public static final BigInteger MAX_AMOUNT = BigInteger.ONE.shiftLeft(96).subtract(BigInteger.ONE);

    private BatchItems() {
    }

    /** Whether amount fits one item: positive and at most {@link #MAX_AMOUNT}. */
    public static boolean fits(BigInteger amount) {
        return amount.signum() > 0 && amount.compareTo(MAX_AMOUNT) <= 0;
    }

    /** The item word of one payment; IllegalArgumentException for an amount that does not fit or a malformed address. */
    public static BigInteger word(String recipient, BigInteger amount) {
        byte[] address = addressBytes(recipient);
        if (!fits(amount)) {
            throw new IllegalArgumentException("amount " + amount + " does not fit a BatchPayout item (1 to 2^96 - 1)");
        }
        return new BigInteger(1, address).shiftLeft(96).or(amount);
    }

    /** The 20 bytes of a 0x-prefixed hex address; IllegalArgumentException for anything else. */
    static byte[] addressBytes(String recipient) {
        if (recipient == null || !recipient.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("not a 20-byte hex address: " + recipient);
        }
        return Numeric.hexStringToByteArray(recipient);
    }

    /** The item words of recipients[i] paid amounts[i], in order. */
    public static List<BigInteger> words(List<String> recipients, List<BigInteger> amounts) {
        if (recipients.size() != amounts.size() || recipients.isEmpty()) {
            throw new IllegalArgumentException("recipients and amounts must be non-empty and of equal length");
        }
        List<BigInteger> words = new ArrayList<>(recipients.size());
        for (int i = 0; i < recipients.size(); i++) {
            words.add(word(recipients.get(i), amounts.get(i)));
        }
        return words;
    }
}

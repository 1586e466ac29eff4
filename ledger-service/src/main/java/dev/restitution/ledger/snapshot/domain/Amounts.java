package dev.restitution.ledger.snapshot.domain;

import dev.restitution.kit.money.Uint256;
import java.math.BigInteger;

/**
 * Turns an amount as written in a balances file into an exact count of the asset's smallest unit,
 * with string and integer arithmetic only (never floating point). Amounts must fit a uint256, the
 * type of the amount in a Merkle leaf.
 */
public final class Amounts {

    /** 2^256 - 1: the largest amount a leaf can carry, the bound of every amount ({@link Uint256}). */
    public static final BigInteger MAX = Uint256.MAX;
    /** Longer text cannot be a valid amount (78 digits plus a point and up to 36 decimals). */
    static final int MAX_TEXT_LENGTH = 120;
    private static final int LONG_SAFE_DIGITS = 18;

    private Amounts() {
    }

    /** A refused amount; the message says why, for the line's error report. */
    public static final class InvalidAmountException extends Exception {
        InvalidAmountException(String message) {
            super(message, null, false, false);
        }
    }

    /** The amount in minor units of an asset with {@code decimals}, or why it is refused. */
    public static BigInteger parse(String text, AmountFormat format, int decimals, String asset)
            throws InvalidAmountException {
        if (text.isEmpty()) {
            throw new InvalidAmountException("amount is missing");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidAmountException("amount is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        if (text.charAt(0) == '-') {
            throw new InvalidAmountException("amount must not be negative");
        }
        BigInteger amount = format == AmountFormat.MINOR_UNITS ? minorUnits(text) : decimal(text, decimals, asset);
        if (amount.compareTo(MAX) > 0) {
            throw new InvalidAmountException("amount exceeds 2^256 - 1 minor units");
        }
        return amount;
    }

    private static BigInteger minorUnits(String text) throws InvalidAmountException {
        if (!allDigits(text, 0, text.length())) {
            throw new InvalidAmountException(text.indexOf('.') >= 0
                    ? "amount must be whole minor units (upload with amountFormat=DECIMAL for decimal strings)"
                    : "amount must be digits only");
        }
        return digits(text);
    }

    private static BigInteger decimal(String text, int decimals, String asset) throws InvalidAmountException {
        int point = text.indexOf('.');
        if (point < 0) {
            if (!allDigits(text, 0, text.length())) {
                throw new InvalidAmountException("amount must be a decimal number like 12.345");
            }
            return digits(text).multiply(BigInteger.TEN.pow(decimals));
        }
        boolean wellFormed = point > 0 && point < text.length() - 1
                && allDigits(text, 0, point) && allDigits(text, point + 1, text.length());
        if (!wellFormed) {
            throw new InvalidAmountException("amount must be a decimal number like 12.345");
        }
        int fractionDigits = text.length() - point - 1;
        if (fractionDigits > decimals) {
            throw new InvalidAmountException("amount has " + fractionDigits + " decimals but " + asset
                    + " has only " + decimals);
        }
        String scaled = text.substring(0, point) + text.substring(point + 1) + "0".repeat(decimals - fractionDigits);
        return digits(scaled);
    }

    private static BigInteger digits(String digits) {
        if (digits.length() <= LONG_SAFE_DIGITS) {
            return BigInteger.valueOf(Long.parseLong(digits));
        }
        return new BigInteger(digits);
    }

    private static boolean allDigits(String text, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int index = from; index < to; index++) {
            char character = text.charAt(index);
            if (character < '0' || character > '9') {
                return false;
            }
        }
        return true;
    }
}

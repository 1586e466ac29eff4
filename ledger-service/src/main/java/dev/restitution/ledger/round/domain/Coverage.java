package dev.restitution.ledger.round.domain;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A ratio in [0, 1] kept as two integers, so no amount ever passes through floating point or
 * decimal arithmetic. Shown rounded down to a fixed number of decimal places.
 */
public record Coverage(BigInteger numerator, BigInteger denominator) {

    public static final int DISPLAY_DECIMALS = 6;
    public static final Coverage FULL = new Coverage(BigInteger.ONE, BigInteger.ONE);

    public Coverage {
        Objects.requireNonNull(numerator, "numerator");
        Objects.requireNonNull(denominator, "denominator");
        if (denominator.signum() <= 0 || numerator.signum() < 0 || numerator.compareTo(denominator) > 0) {
            throw new IllegalArgumentException("coverage is a ratio in [0, 1], not " + numerator + "/" + denominator);
        }
    }

    /** min(1, covered / needed); full when nothing is needed. */
    public static Coverage of(BigInteger covered, BigInteger needed) {
        if (needed.signum() <= 0 || covered.compareTo(needed) >= 0) {
            return FULL;
        }
        return new Coverage(covered.max(BigInteger.ZERO), needed);
    }

    /** e.g. "0.333333" for 1/3, "1.000000" for full: rounded down to {@value #DISPLAY_DECIMALS} decimals. */
    public String toDecimalString() {
        BigInteger scale = BigInteger.TEN.pow(DISPLAY_DECIMALS);
        BigInteger scaled = numerator.multiply(scale).divide(denominator);
        BigInteger[] wholeAndFraction = scaled.divideAndRemainder(scale);
        String fraction = wholeAndFraction[1].toString();
        return wholeAndFraction[0] + "." + "0".repeat(DISPLAY_DECIMALS - fraction.length()) + fraction;
    }
}

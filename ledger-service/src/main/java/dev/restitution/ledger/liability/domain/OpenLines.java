package dev.restitution.ledger.liability.domain;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The totals of an asset's open claim lines that a round's plan is made from: how many lines and
 * how much they have outstanding, and the same for the small ones (at or below the convenience
 * threshold; zero without one).
 */
public record OpenLines(long lines, BigInteger outstanding, long smallLines, BigInteger smallOutstanding) {

    public static final OpenLines NONE = new OpenLines(0, BigInteger.ZERO, 0, BigInteger.ZERO);

    public OpenLines {
        Objects.requireNonNull(outstanding, "outstanding");
        Objects.requireNonNull(smallOutstanding, "smallOutstanding");
        if (lines < 0 || smallLines < 0 || smallLines > lines) {
            throw new IllegalArgumentException("line counts out of range: " + lines + ", " + smallLines);
        }
        if (smallOutstanding.signum() < 0 || smallOutstanding.compareTo(outstanding) > 0) {
            throw new IllegalArgumentException("small outstanding " + smallOutstanding + " outside [0, " + outstanding + "]");
        }
        if ((lines == 0) != (outstanding.signum() == 0) || (smallLines == 0) != (smallOutstanding.signum() == 0)) {
            // Every open line has a positive outstanding amount.
            throw new IllegalArgumentException("lines and outstanding amounts disagree: " + lines + " lines, " + outstanding
                    + "; " + smallLines + " small lines, " + smallOutstanding);
        }
    }

    /** The totals of lines given by their outstanding amounts. */
    public static OpenLines of(List<BigInteger> outstanding, Optional<BigInteger> threshold) {
        long lines = 0;
        long smallLines = 0;
        BigInteger total = BigInteger.ZERO;
        BigInteger smallTotal = BigInteger.ZERO;
        for (BigInteger line : outstanding) {
            lines++;
            total = total.add(line);
            if (threshold.isPresent() && line.compareTo(threshold.get()) <= 0) {
                smallLines++;
                smallTotal = smallTotal.add(line);
            }
        }
        return new OpenLines(lines, total, smallLines, smallTotal);
    }
}

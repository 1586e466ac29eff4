package dev.restitution.payout.engine.domain;

import java.math.BigInteger;
import java.util.Optional;

/**
 * EIP-1559 fees under a configured ceiling. A first transaction offers the configured tip and room for the
 * base fee to double (max fee = 2 x base fee + tip); a replacement raises both by at least the configured
 * percentage (nodes refuse a replacement below +10 %). Nothing is ever offered above the ceiling.
 */
public final class FeePolicy {

    private static final BigInteger HUNDRED = BigInteger.valueOf(100);

    private final BigInteger ceilingWei;
    private final BigInteger priorityFeeWei;
    private final int bumpPercent;

    public FeePolicy(BigInteger ceilingWei, BigInteger priorityFeeWei, int bumpPercent) {
        if (ceilingWei.signum() <= 0 || priorityFeeWei.signum() < 0 || priorityFeeWei.compareTo(ceilingWei) > 0) {
            throw new IllegalArgumentException("fees need 0 <= priority fee <= ceiling and a positive ceiling");
        }
        if (bumpPercent < 10 || bumpPercent > 1000) {
            throw new IllegalArgumentException("the replacement bump must be between 10 and 1000 percent");
        }
        this.ceilingWei = ceilingWei;
        this.priorityFeeWei = priorityFeeWei;
        this.bumpPercent = bumpPercent;
    }

    public record Fees(BigInteger maxFeePerGasWei, BigInteger maxPriorityFeePerGasWei) {
    }

    /** Fees for a first transaction, or empty when the base fee alone leaves no room under the ceiling. */
    public Optional<Fees> first(BigInteger baseFeeWei) {
        BigInteger needed = baseFeeWei.add(priorityFeeWei);
        if (needed.compareTo(ceilingWei) > 0) {
            return Optional.empty();
        }
        BigInteger maxFee = baseFeeWei.shiftLeft(1).add(priorityFeeWei).min(ceilingWei);
        return Optional.of(new Fees(maxFee, priorityFeeWei));
    }

    /**
     * Fees for a replacement of {@code previous}: both raised by the bump, and at least what a first
     * transaction would offer now; empty when that would cross the ceiling (the previous one keeps waiting).
     */
    public Optional<Fees> replacement(Fees previous, BigInteger baseFeeWei) {
        BigInteger tip = bumped(previous.maxPriorityFeePerGasWei()).max(priorityFeeWei);
        BigInteger maxFee = bumped(previous.maxFeePerGasWei()).max(baseFeeWei.shiftLeft(1).add(tip));
        if (maxFee.compareTo(ceilingWei) > 0) {
            maxFee = ceilingWei;
        }
        boolean raisedEnough = maxFee.compareTo(bumped(previous.maxFeePerGasWei())) >= 0
                && tip.compareTo(maxFee) <= 0 && maxFee.compareTo(baseFeeWei.add(tip)) >= 0;
        return raisedEnough ? Optional.of(new Fees(maxFee, tip)) : Optional.empty();
    }

    private BigInteger bumped(BigInteger fee) {
        // Rounded up, so a small fee still rises by at least the percentage.
        BigInteger scaled = fee.multiply(BigInteger.valueOf(100L + bumpPercent));
        BigInteger[] quotientAndRemainder = scaled.divideAndRemainder(HUNDRED);
        BigInteger bumped = quotientAndRemainder[0].add(quotientAndRemainder[1].signum() > 0 ? BigInteger.ONE : BigInteger.ZERO);
        return bumped.max(fee.add(BigInteger.ONE));
    }
}

package dev.restitution.claims.claim.domain;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** The rules of reviewing a disputed claim, without persistence: unit-testable on plain values. */
public final class ReviewRules {

    private ReviewRules() {
    }

    /**
     * Whether approving {@code approvedAmount} of {@code asset} needs a support-lead's second approval:
     * above the asset's configured value, or for an asset without one (never silently waved through).
     */
    public static boolean needsSecondApproval(String asset, BigInteger approvedAmount, Map<String, BigInteger> fourEyesAbove) {
        Objects.requireNonNull(asset, "asset");
        if (approvedAmount.signum() < 0) {
            throw new IllegalArgumentException("approved amount " + approvedAmount + " is negative");
        }
        BigInteger threshold = fourEyesAbove.get(asset);
        return threshold == null || approvedAmount.compareTo(threshold) > 0;
    }

    /** Whether a claim queued at {@code queuedAt} is overdue at {@code now} against {@code sla}. */
    public static boolean overdue(Instant queuedAt, Instant now, Duration sla) {
        return Duration.between(queuedAt, now).compareTo(sla) > 0;
    }
}

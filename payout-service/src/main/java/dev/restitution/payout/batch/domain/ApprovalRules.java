package dev.restitution.payout.batch.domain;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/** Maker-checker rules of batch approval, without persistence. */
public final class ApprovalRules {

    private ApprovalRules() {
    }

    /**
     * Distinct approvers a batch needs: one up to the asset's threshold, two above it, and two when the asset
     * has no threshold configured (an unknown asset gets the stricter rule).
     */
    public static int requiredApprovals(BigInteger total, Optional<BigInteger> secondApprovalAbove) {
        Objects.requireNonNull(total, "total");
        return secondApprovalAbove.filter(threshold -> total.compareTo(threshold) <= 0).isPresent() ? 1 : 2;
    }
}

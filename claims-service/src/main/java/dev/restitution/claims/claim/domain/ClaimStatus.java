package dev.restitution.claims.claim.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * A claim's life. Every line accepted: DRAFT -> SUBMITTED (waits for automatic verification, i.e.
 * KYC) -> APPROVED. A line disputed: DRAFT -> UNDER_REVIEW, NEEDS_INFO while a reviewer's question
 * waits for the claimant, PENDING_SECOND_APPROVAL while a proposal above the four-eyes value waits for
 * a support-lead -> APPROVED or REJECTED. WITHDRAWN by the claimant before a decision. Decided and
 * withdrawn claims never move again. The allowed moves are the table in {@link ClaimLifecycle}.
 */
public enum ClaimStatus {
    DRAFT, SUBMITTED, UNDER_REVIEW, NEEDS_INFO, PENDING_SECOND_APPROVAL, APPROVED, REJECTED, WITHDRAWN;

    /** The states of the review queue. */
    public static final Set<ClaimStatus> IN_REVIEW = EnumSet.of(UNDER_REVIEW, NEEDS_INFO, PENDING_SECOND_APPROVAL);

    /** Whether the claim is still open to its claimant's changes of mind (withdrawal). */
    public boolean undecided() {
        return this != APPROVED && this != REJECTED && this != WITHDRAWN;
    }

    public boolean inReview() {
        return IN_REVIEW.contains(this);
    }
}

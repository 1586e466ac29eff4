package dev.restitution.claims.claim.domain;

/**
 * A claim's life: DRAFT (the claimant accepts lines and proves addresses) -> SUBMITTED (waits for
 * automatic verification, i.e. KYC) -> APPROVED (ClaimApproved published). Nothing moves backwards.
 */
public enum ClaimStatus {
    DRAFT, SUBMITTED, APPROVED
}

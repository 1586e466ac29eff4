package dev.restitution.claims.claim.domain;

/**
 * A claim line's decision by the claimant: PENDING until they accept the snapshot amount or dispute it. The
 * allowed moves are {@link ClaimLifecycle#LINE_MOVES}.
 */
public enum LineStatus {
    PENDING, ACCEPTED, DISPUTED
}

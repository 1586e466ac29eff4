package dev.restitution.claims.claim.domain;

/** A claim line's decision by the claimant: PENDING until they accept the snapshot amount. */
public enum LineStatus {
    PENDING, ACCEPTED
}

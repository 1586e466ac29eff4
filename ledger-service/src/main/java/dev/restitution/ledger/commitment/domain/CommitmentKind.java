package dev.restitution.ledger.commitment.domain;

/** What a commitment carries the root of: the sealed snapshot, or one approved round's entitlements. */
public enum CommitmentKind {
    SNAPSHOT,
    ROUND
}

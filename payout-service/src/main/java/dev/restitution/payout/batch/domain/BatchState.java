package dev.restitution.payout.batch.domain;

/** The life of a payout batch. */
public enum BatchState {
    PROPOSED, APPROVED, EXECUTING, SETTLED, FAILED, VOIDED
}

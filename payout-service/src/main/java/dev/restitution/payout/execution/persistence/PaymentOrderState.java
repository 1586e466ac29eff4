package dev.restitution.payout.execution.persistence;

/**
 * QUEUED: nothing signed yet. PENDING: a transaction with the order's nonce is signed and stored (and
 * maybe broadcast or mined). CONFIRMED and FAILED are final.
 */
public enum PaymentOrderState {
    QUEUED,
    PENDING,
    CONFIRMED,
    FAILED
}

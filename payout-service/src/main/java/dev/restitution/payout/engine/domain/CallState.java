package dev.restitution.payout.engine.domain;

/**
 * Where one chain call stands. QUEUED: nothing signed yet. PENDING: a transaction with the call's nonce is signed
 * and stored (and maybe broadcast or mined). CONFIRMED and FAILED are final. The moves are {@link CallLifecycle}'s.
 */
public enum CallState {
    QUEUED,
    PENDING,
    CONFIRMED,
    FAILED
}

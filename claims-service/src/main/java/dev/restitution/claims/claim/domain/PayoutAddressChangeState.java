package dev.restitution.claims.claim.domain;

/**
 * The life of a replaced payout address: PENDING while it waits out the cool-down (the earlier address is in force and
 * nothing is paid on the chain), EFFECTIVE from its effectiveAt on, CANCELLED by the claimant before. The allowed moves
 * are the table in {@link PayoutAddressChangeLifecycle}.
 */
public enum PayoutAddressChangeState {
    PENDING, CANCELLED, EFFECTIVE
}

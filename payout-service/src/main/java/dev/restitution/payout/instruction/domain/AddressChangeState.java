package dev.restitution.payout.instruction.domain;

/**
 * A claimant's payout address change as payout-service follows it: WAITING until its effectiveAt (and the grace for a
 * cancel on its way), then APPLIED; CANCELLED when the claimant cancelled it before. See {@link AddressChangeLifecycle}.
 */
public enum AddressChangeState {
    WAITING, CANCELLED, APPLIED
}

package dev.restitution.claims.secondfactor.domain;

/** Where a second-factor reset stands: asked for by one support-lead, then decided once by another. */
public enum FactorResetState {
    REQUESTED,
    APPROVED,
    REJECTED;

    /** A REQUESTED reset is decided once, APPROVED or REJECTED; a decided one never moves again. */
    public boolean mayMoveTo(FactorResetState next) {
        return this == REQUESTED && next != REQUESTED;
    }
}

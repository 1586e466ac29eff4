package dev.restitution.ledger.round.domain;

/** PROPOSED by a finance-operator, then APPROVED or REJECTED by a different finance-approver. */
public enum RoundState {
    PROPOSED, APPROVED, REJECTED
}

package dev.restitution.ledger.verification.domain;

/** What is verified: a RECOVERED_ON_CHAIN transfer's transaction, or a declared token contract. */
public enum VerificationSubject {
    RECOVERY,
    TOKEN
}

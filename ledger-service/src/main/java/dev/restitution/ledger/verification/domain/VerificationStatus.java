package dev.restitution.ledger.verification.domain;

/** What the chain said about an on-chain recovery or a declared token; see ChainVerificationStatus in ledger.yaml. */
public enum VerificationStatus {
    UNVERIFIED,
    VERIFIED,
    MISMATCH
}

package dev.restitution.payout.chain.verification;

/** What a verification concluded; see ChainVerificationOutcome in payout.yaml. */
public enum Outcome {
    VERIFIED,
    MISMATCH,
    PENDING,
    NO_ENDPOINT
}

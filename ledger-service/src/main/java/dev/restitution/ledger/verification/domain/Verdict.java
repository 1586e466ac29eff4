package dev.restitution.ledger.verification.domain;

import java.util.Objects;

/**
 * What one attempt learnt: a status with its detail, and whether asking again later can change it (payout-service
 * unreachable, the transaction not yet final) or not (verified, mismatching, no endpoint for the chain).
 */
public record Verdict(VerificationStatus status, String detail, boolean askAgain) {

    public Verdict {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        if (askAgain && status != VerificationStatus.UNVERIFIED) {
            throw new IllegalArgumentException("only an UNVERIFIED answer is asked again");
        }
    }

    public static Verdict askAgain(String detail) {
        return new Verdict(VerificationStatus.UNVERIFIED, detail, true);
    }

    public static Verdict finalAnswer(VerificationStatus status, String detail) {
        return new Verdict(status, detail, false);
    }
}

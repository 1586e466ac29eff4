package dev.restitution.ledger.verification.domain;

import java.util.Objects;

/**
 * What one attempt learnt: a status with its detail, and whether asking again later can change it (payout-service
 * unreachable, the transaction not yet final), or only once someone configures a JSON-RPC endpoint for the chain
 * ({@code awaitingEndpoint}: checked again now and then, far less often), or not at all (verified, mismatching).
 */
public record Verdict(VerificationStatus status, String detail, boolean askAgain, boolean awaitingEndpoint) {

    public Verdict {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        if ((askAgain || awaitingEndpoint) && status != VerificationStatus.UNVERIFIED) {
            throw new IllegalArgumentException("only an UNVERIFIED answer is asked again");
        }
        if (askAgain && awaitingEndpoint) {
            throw new IllegalArgumentException("an answer is asked again soon or once an endpoint may exist, not both");
        }
    }

    public static Verdict askAgain(String detail) {
        return new Verdict(VerificationStatus.UNVERIFIED, detail, true, false);
    }

    /** payout-service has no endpoint for the chain: nothing could be checked until one is configured. */
    public static Verdict awaitingEndpoint(String detail) {
        return new Verdict(VerificationStatus.UNVERIFIED, detail, false, true);
    }

    public static Verdict finalAnswer(VerificationStatus status, String detail) {
        return new Verdict(status, detail, false, false);
    }
}

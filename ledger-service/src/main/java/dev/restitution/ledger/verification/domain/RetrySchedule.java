package dev.restitution.ledger.verification.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When to ask payout-service again: the delay doubles from {@code firstDelay} up to {@code maxDelay}; after
 * {@code maxAttempts} attempts the verification stays UNVERIFIED for good (bounded, like every retry here).
 * A chain payout-service has no endpoint for is checked again every {@code endpointRecheck}, until an endpoint
 * answers or {@code maxEndpointChecks} attempts were made in all.
 */
public record RetrySchedule(Duration firstDelay, Duration maxDelay, int maxAttempts, Duration endpointRecheck,
                            int maxEndpointChecks) {

    /** 2^20 times the first delay is beyond any sensible maximum; the shift never overflows. */
    private static final int MAX_DOUBLINGS = 20;

    public RetrySchedule {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(endpointRecheck, "endpointRecheck");
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0 || maxAttempts < 1
                || endpointRecheck.isNegative() || endpointRecheck.isZero() || maxEndpointChecks < 1) {
            throw new IllegalArgumentException("need 0 < firstDelay <= maxDelay, 0 < endpointRecheck, maxAttempts >= 1"
                    + " and maxEndpointChecks >= 1");
        }
    }

    /** After {@code attemptsMade} attempts (at least 1), when to ask again; empty when no attempt is left. */
    public Optional<Instant> next(int attemptsMade, Instant now) {
        if (attemptsMade < 1) {
            throw new IllegalArgumentException("at least one attempt was made, not " + attemptsMade);
        }
        if (attemptsMade >= maxAttempts) {
            return Optional.empty();
        }
        Duration delay = firstDelay.multipliedBy(1L << Math.min(attemptsMade - 1, MAX_DOUBLINGS));
        return Optional.of(now.plus(delay.compareTo(maxDelay) > 0 ? maxDelay : delay));
    }

    /** The verification after an attempt that answered {@code verdict} at {@code now}. */
    public ChainVerification apply(ChainVerification before, Verdict verdict, Instant now) {
        int attempts = before.attempts() + 1;
        if (verdict.awaitingEndpoint()) {
            Optional<Instant> next = attempts < maxEndpointChecks ? Optional.of(now.plus(endpointRecheck)) : Optional.empty();
            String detail = next.isPresent() ? verdict.detail() + "; checked again every " + endpointRecheck
                    + " in case one is configured" : "gave up after " + attempts + " attempts; last: " + verdict.detail();
            return new ChainVerification(before.id(), before.incidentId(), before.asset(), before.subject(),
                    before.transferId(), VerificationStatus.UNVERIFIED, detail, attempts, next, Optional.of(now));
        }
        if (!verdict.askAgain()) {
            return new ChainVerification(before.id(), before.incidentId(), before.asset(), before.subject(),
                    before.transferId(), verdict.status(), verdict.detail(), attempts, Optional.empty(), Optional.of(now));
        }
        Optional<Instant> next = next(attempts, now);
        String detail = next.isPresent() ? verdict.detail()
                : "gave up after " + attempts + " attempts; last: " + verdict.detail();
        return new ChainVerification(before.id(), before.incidentId(), before.asset(), before.subject(),
                before.transferId(), VerificationStatus.UNVERIFIED, detail, attempts, next, Optional.of(now));
    }
}

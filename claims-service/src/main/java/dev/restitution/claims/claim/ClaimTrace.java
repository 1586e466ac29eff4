package dev.restitution.claims.claim;

import dev.restitution.claims.claim.persistence.ClaimEntity;
import dev.restitution.kit.tracing.SpanAttributes;
import dev.restitution.kit.tracing.TraceParent;
import io.opentelemetry.api.trace.Span;
import java.util.Optional;

/**
 * One trace per claim: a claim keeps the trace context of the request that submitted it, and what is done for the
 * claim later (its approval, rejection or withdrawal, whichever request or job does it) runs in a span under that
 * context, linked to the span of the request or job. The claim's events written to the outbox there carry the
 * claim's trace to the ledger, and from there to the payout.
 */
final class ClaimTrace {

    private ClaimTrace() {
    }

    /** At submission: the current span becomes the claim's trace, and carries the claim's ids. */
    static void submitted(ClaimEntity claim) {
        Span.current().setAllAttributes(SpanAttributes.claim(claim.id, claim.incidentId));
        claim.traceParent = TraceParent.current().map(TraceParent::value).orElse(null);
    }

    /**
     * Runs {@code work} in a span "claim {@code action}" under the claim's trace, or as it is when the claim has none
     * (submitted before tracing, or with tracing off).
     */
    static void inClaimTrace(ClaimEntity claim, String action, Runnable work) {
        Optional<TraceParent> trace = TraceParent.ofNullable(claim.traceParent);
        if (trace.isEmpty()) {
            work.run();
            return;
        }
        trace.get().inChildSpan("claim " + action, SpanAttributes.claim(claim.id, claim.incidentId), () -> {
            work.run();
            return null;
        });
    }
}

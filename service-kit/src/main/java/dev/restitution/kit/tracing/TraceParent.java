package dev.restitution.kit.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** A W3C traceparent ("00-<32 hex trace id>-<16 hex span id>-<2 hex flags>"), as stored with a row and sent as a header. */
public record TraceParent(String value) {

    /** Version 00 only, lower-case hex; the all-zero trace and span ids are invalid (W3C Trace Context, 3.2). */
    private static final Pattern FORMAT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String ZERO_TRACE_ID = "0".repeat(32);
    private static final String ZERO_SPAN_ID = "0".repeat(16);

    public TraceParent {
        if (value == null) {
            throw new IllegalArgumentException("traceparent is required");
        }
        var match = FORMAT.matcher(value);
        if (!match.matches()) {
            throw new IllegalArgumentException("traceparent must be 00-<32 lower-case hex>-<16 lower-case hex>-<2 hex>");
        }
        if (match.group(1).equals(ZERO_TRACE_ID)) {
            throw new IllegalArgumentException("traceparent's trace id must not be all zeros");
        }
        if (match.group(2).equals(ZERO_SPAN_ID)) {
            throw new IllegalArgumentException("traceparent's span id must not be all zeros");
        }
    }

    /** The span current on this thread as a trace parent; empty when there is none (or it is not valid). */
    public static Optional<TraceParent> current() {
        return of(Span.current().getSpanContext());
    }

    /** A span context as a trace parent; empty when it is not valid. */
    public static Optional<TraceParent> of(SpanContext context) {
        if (context == null || !context.isValid()) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(
                "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex()));
    }

    /** A stored column (or received header): null is empty, anything else must be a valid traceparent. */
    public static Optional<TraceParent> ofNullable(String value) {
        return value == null ? Optional.empty() : Optional.of(new TraceParent(value));
    }

    public String traceId() {
        return value.substring(3, 35);
    }

    public String spanId() {
        return value.substring(36, 52);
    }

    /** The span context this names, remote (it was stored or received). */
    public SpanContext spanContext() {
        return SpanContext.createFromRemoteParent(traceId(), spanId(),
                TraceFlags.fromHex(value, 53), TraceState.getDefault());
    }

    /** The root context with this as the remote parent span. */
    public Context asParent() {
        return Context.root().with(Span.wrap(spanContext()));
    }

    /** Runs work in a new span whose parent is this trace parent, linked to the span current at the call. */
    public <T> T inChildSpan(String spanName, Attributes attributes, Supplier<T> work) {
        var builder = Tracing.tracer().spanBuilder(spanName)
                .setParent(asParent())
                .setAllAttributes(attributes);
        SpanContext caller = Span.current().getSpanContext();
        if (caller.isValid()) {
            builder.addLink(caller);
        }
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException | Error failure) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
            throw failure;
        } finally {
            span.end();
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

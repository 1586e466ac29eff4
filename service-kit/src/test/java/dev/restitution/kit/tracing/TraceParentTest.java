package dev.restitution.kit.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";
    private static final String VALUE = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

    @Test
    void readsTheTraceIdAndSpanIdOfAValidValue() {
        // Why: the audit column and the receiver's query key on the trace id cut out of the stored value.
        TraceParent parent = new TraceParent(VALUE);
        assertEquals(TRACE_ID, parent.traceId());
        assertEquals(SPAN_ID, parent.spanId());
        assertTrue(parent.spanContext().isRemote());
        assertTrue(parent.spanContext().isSampled());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 ",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1x"})
    void refusesAnythingButTheStrictW3cForm(String value) {
        // Why: a malformed stored value must fail where it is read, not become a broken parent downstream.
        assertThrows(IllegalArgumentException.class, () -> new TraceParent(value));
    }

    @Test
    void nullIsEmptyAndAValueIsKept() {
        // Why: the trace_parent columns are nullable (rows written before tracing, or outside any span).
        assertEquals(Optional.empty(), TraceParent.ofNullable(null));
        assertEquals(Optional.of(new TraceParent(VALUE)), TraceParent.ofNullable(VALUE));
        assertThrows(IllegalArgumentException.class, () -> TraceParent.ofNullable("garbage"));
    }

    @Test
    void currentIsEmptyOutsideAnySpanAndNamesTheCurrentSpanInsideOne() {
        // Why: Outbox.append stores current(); outside a span it must store nothing rather than zeros.
        assertEquals(Optional.empty(), TraceParent.current());
        SpanContext context = SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault());
        try (var ignored = Span.wrap(context).makeCurrent()) {
            assertEquals(Optional.of(new TraceParent(VALUE)), TraceParent.current());
        }
    }

    @Test
    void asParentMakesTheStoredSpanTheParentOfWhatRunsUnderIt() {
        // Why: a consumer or a later action continues the stored trace through this context.
        TraceParent parent = new TraceParent(VALUE);
        try (var ignored = parent.asParent().makeCurrent()) {
            assertEquals(TRACE_ID, Span.current().getSpanContext().getTraceId());
            assertEquals(SPAN_ID, Span.current().getSpanContext().getSpanId());
        }
    }

    @Test
    void inChildSpanRunsTheWorkInsideTheStoredTraceAndRestoresTheCallersContext() {
        // Why: work done later for a claim must land in the claim's trace, and leave the caller's span current after.
        TraceParent parent = new TraceParent(VALUE);
        SpanContext caller = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                TraceFlags.getSampled(), TraceState.getDefault());
        try (var ignored = Span.wrap(caller).makeCurrent()) {
            String seen = parent.inChildSpan("claim approve", Attributes.empty(),
                    () -> Span.current().getSpanContext().getTraceId());
            assertEquals(TRACE_ID, seen);
            assertEquals(caller, Span.current().getSpanContext());
        }
        assertFalse(Span.current().getSpanContext().isValid());
    }
}

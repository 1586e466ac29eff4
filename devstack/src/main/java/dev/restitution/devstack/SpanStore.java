package dev.restitution.devstack;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The spans the OTLP receiver keeps: at most a bounded number, the oldest received dropped first. */
final class SpanStore {

    /** A query over the kept spans; null fields match anything, every attribute must match by its text. */
    record Query(String service, String name, Map<String, String> attributes, int limit) {
    }

    private final int capacity;
    private final Deque<Traces.Span> received = new ArrayDeque<>();
    private final Map<String, List<Traces.Span>> byTrace = new HashMap<>();

    SpanStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the span store must keep at least one span, was asked for " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void add(Traces.Span span) {
        while (received.size() >= capacity) {
            Traces.Span oldest = received.removeFirst();
            List<Traces.Span> trace = byTrace.get(oldest.traceId());
            trace.removeFirst();
            if (trace.isEmpty()) {
                byTrace.remove(oldest.traceId());
            }
        }
        received.addLast(span);
        byTrace.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
    }

    synchronized int size() {
        return received.size();
    }

    /** The kept spans of a trace, earliest start first; empty when none is kept. */
    synchronized Optional<Traces.Trace> trace(String traceId) {
        List<Traces.Span> spans = byTrace.get(traceId);
        if (spans == null) {
            return Optional.empty();
        }
        List<Traces.Span> ordered = new ArrayList<>(spans);
        ordered.sort(Comparator.comparingLong(Traces.Span::startEpochNanos));
        return Optional.of(new Traces.Trace(traceId, ordered));
    }

    /** Matching spans, the last received first. */
    synchronized List<Traces.Span> find(Query query) {
        List<Traces.Span> found = new ArrayList<>();
        Iterator<Traces.Span> newestFirst = received.descendingIterator();
        while (newestFirst.hasNext() && found.size() < query.limit()) {
            Traces.Span span = newestFirst.next();
            if (matches(span, query)) {
                found.add(span);
            }
        }
        return found;
    }

    private static boolean matches(Traces.Span span, Query query) {
        if (query.service() != null && !query.service().equals(span.service())) {
            return false;
        }
        if (query.name() != null && !query.name().equals(span.name())) {
            return false;
        }
        return query.attributes().entrySet().stream()
                .allMatch(wanted -> span.attribute(wanted.getKey()).filter(wanted.getValue()::equals).isPresent());
    }
}

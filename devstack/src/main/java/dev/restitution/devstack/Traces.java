package dev.restitution.devstack;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The client of the devstack's OTLP receiver ({@link OtlpReceiver}): the spans it keeps, by trace or by
 * service, name and attribute. Services export in batches, so a test waits with {@link #awaitTrace}.
 */
public final class Traces {

    /** Bounds each query; the receiver answers from memory in milliseconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** A span link: the other span's ids. */
    public record Link(String traceId, String spanId) {
    }

    /**
     * One received span.
     *
     * @param parentSpanId null for a root span
     * @param kind INTERNAL, SERVER, CLIENT, PRODUCER or CONSUMER
     * @param service the resource's {@code service.name}
     * @param status UNSET, OK or ERROR
     * @param attributes the span's attributes; strings, numbers, booleans, or lists of them
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Span(String traceId, String spanId, String parentSpanId, String name, String kind, String service,
                       long startEpochNanos, long endEpochNanos, String status, Map<String, Object> attributes,
                       List<Link> links) {
        public Span {
            attributes = attributes == null ? Map.of() : attributes;
            links = links == null ? List.of() : List.copyOf(links);
        }

        /** An attribute as text (numbers and booleans as written in JSON), empty when absent. */
        public Optional<String> attribute(String key) {
            return Optional.ofNullable(attributes.get(key)).map(String::valueOf);
        }
    }

    /** One trace: every span the receiver keeps with its trace id, oldest start first. */
    public record Trace(String traceId, List<Span> spans) {
        public List<Span> spans(String service) {
            return spans.stream().filter(span -> span.service().equals(service)).toList();
        }

        /** The span with spanId, if kept. */
        public Optional<Span> span(String spanId) {
            return spans.stream().filter(span -> span.spanId().equals(spanId)).findFirst();
        }
    }

    record SpanList(List<Span> spans) {
    }

    private final URI baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** @param baseUrl the receiver, e.g. http://127.0.0.1:4318 */
    public Traces(String baseUrl) {
        this.baseUrl = URI.create(Objects.requireNonNull(baseUrl, "baseUrl").replaceAll("/+$", "") + "/");
    }

    /** The shared test devstack's receiver. */
    public static Traces ofSharedStack() {
        return DevStack.shared().traces();
    }

    /** The trace with this id as far as it has arrived; empty when no span of it has. */
    public Optional<Trace> trace(String traceId) {
        HttpResponse<String> answer = get("api/traces/" + URLEncoder.encode(traceId, StandardCharsets.UTF_8));
        if (answer.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(read(answer, Trace.class));
    }

    /**
     * Spans newest first.
     *
     * @param service null for any; @param name null for any; @param attributes each key must have this value
     * @param limit 1 to 1000
     */
    public List<Span> spans(String service, String name, Map<String, String> attributes, int limit) {
        List<String> query = new ArrayList<>();
        if (service != null) {
            query.add("service=" + URLEncoder.encode(service, StandardCharsets.UTF_8));
        }
        if (name != null) {
            query.add("name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
        }
        attributes.forEach((key, value) ->
                query.add("attribute=" + URLEncoder.encode(key + "=" + value, StandardCharsets.UTF_8)));
        query.add("limit=" + limit);
        return read(get("api/spans?" + String.join("&", query)), SpanList.class).spans();
    }

    /** Waits until the trace holds what {@code complete} wants (spans arrive in batches, service by service). */
    public Trace awaitTrace(String traceId, Predicate<Trace> complete, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Optional<Trace> seen = Optional.empty();
        while (Instant.now().isBefore(deadline)) {
            seen = trace(traceId);
            if (seen.isPresent() && complete.test(seen.get())) {
                return seen.get();
            }
            pause();
        }
        throw new AssertionError("trace " + traceId + " was not complete within " + timeout.toSeconds() + " s; it held "
                + seen.map(trace -> trace.spans().stream().map(span -> span.service() + " " + span.kind() + " " + span.name())
                .toList().toString()).orElse("nothing"));
    }

    /** Waits until at least one span matches the query; returns the matching spans, newest first. */
    public List<Span> awaitSpans(String service, String name, Map<String, String> attributes, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<Span> found = spans(service, name, attributes, 1000);
            if (!found.isEmpty()) {
                return found;
            }
            pause();
        }
        throw new AssertionError("no span " + name + " of " + service + " with " + attributes + " within "
                + timeout.toSeconds() + " s");
    }

    private HttpResponse<String> get(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(pathAndQuery)).timeout(TIMEOUT).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("the OTLP receiver at " + baseUrl + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while querying the OTLP receiver", e);
        }
    }

    private static <T> T read(HttpResponse<String> answer, Class<T> type) {
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the OTLP receiver answered " + answer.statusCode() + " to "
                    + answer.request().uri() + ": " + answer.body());
        }
        try {
            return JSON.readValue(answer.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable answer from the OTLP receiver: " + answer.body(), e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for spans", e);
        }
    }
}

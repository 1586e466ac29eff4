package dev.restitution.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.DevStack;
import dev.restitution.devstack.Platform;
import dev.restitution.devstack.Tokens;
import dev.restitution.devstack.Traces;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One request, one trace, across services: an incident declared on the ledger is traced from its HTTP request
 * through the ledger's database and outbox, Kafka, to the consumers in claims-service and payout-service; the
 * services run as the processes {@code ./restitution run} starts, exporting to the devstack's OTLP receiver.
 */
class TracingTest {

    private static final String INCIDENTS_TOPIC = "restitution.ledger.incidents";
    private static final Duration EXPORT_WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DevStack stack;
    private static Platform platform;

    @BeforeAll
    static void startPlatform() {
        Path root = Path.of(System.getProperty("restitution.repository-root", "..")).toAbsolutePath().normalize();
        stack = DevStack.shared();
        // payout-service logs the ledger events it skips (at DEBUG), in JSON as in production.
        platform = Platform.start(stack, Platform.Options.onFreePorts(root, Path.of("target", "tracing-logs"))
                .withConfiguration("payout", Map.of(
                        "quarkus.log.console.json.enabled", "true",
                        "quarkus.log.category.\"dev.restitution.payout.commitment.messaging\".level", "DEBUG")));
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void anIncidentDeclarationIsOneTraceFromTheLedgersRequestToTheConsumersOfItsEvent() {
        // Why: an operator follows one request across services by its trace id: the HTTP request, its SQL, the
        // outbox's publication and every consumer's handling must land in the same trace, linked parent to child.
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String callerSpanId = HexFormat.of().formatHex(randomBytes(8));
        String incidentId = given().baseUri(platform.serviceUrl("ledger"))
                .auth().oauth2(Tokens.forUser(stack.realmUrl(), DemoUsers.IAN, DemoUsers.PASSWORD))
                .header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
                .contentType(ContentType.JSON)
                .body("""
                        {"exchange": "CoinEx", "title": "Traced breach %d", "cutoffAt": "%s",
                         "assets": [{"symbol": "ETH", "chainId": 31337, "decimals": 18}]}"""
                        .formatted(System.nanoTime(), Instant.now().minus(2, ChronoUnit.HOURS)))
                .when().post("/incidents")
                .then().statusCode(201).extract().path("id");

        Traces.Trace trace = stack.traces().awaitTrace(traceId, found ->
                consumerIn(found, "claims-service").isPresent() && consumerIn(found, "payout-service").isPresent()
                        && !jdbcSpans(found, "claims-service").isEmpty(), EXPORT_WAIT);

        Traces.Span server = trace.spans("ledger-service").stream()
                .filter(span -> span.kind().equals("SERVER")).findFirst().orElseThrow();
        assertEquals(callerSpanId, server.parentSpanId(), "the ledger continued the caller's trace context");
        assertTrue(server.name().contains("/incidents"), server.name());
        assertTrue(jdbcSpans(trace, "ledger-service").stream().anyMatch(span -> descendsFrom(trace, span, server)),
                "the ledger's SQL runs under its HTTP server span");
        Traces.Span producer = trace.spans("ledger-service").stream()
                .filter(span -> span.kind().equals("PRODUCER")).findFirst().orElseThrow();
        assertEquals(INCIDENTS_TOPIC + " publish", producer.name());
        assertEquals(Optional.of(INCIDENTS_TOPIC), producer.attribute("messaging.destination.name"));
        assertTrue(descendsFrom(trace, producer, server), "the outbox row kept the request's context for the relay");
        for (String consumerService : List.of("claims-service", "payout-service")) {
            Traces.Span consumer = consumerIn(trace, consumerService).orElseThrow();
            assertEquals(producer.spanId(), consumer.parentSpanId(), consumerService + " continues the producer span");
        }
        assertTrue(jdbcSpans(trace, "claims-service").stream()
                        .anyMatch(span -> descendsFrom(trace, span, consumerIn(trace, "claims-service").orElseThrow())),
                "claims-service's consumer method ran with the record's trace current: its SQL is in the trace");

        // The ledger's audit entry of the declaration names the trace.
        JsonNode audit = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> auditEntries(incidentId),
                entries -> entries.size() > 0);
        assertEquals(traceId, audit.get(0).path("traceId").asText());

        // payout-service's JSON log line about the event carries the trace and the span it was written in.
        Set<String> payoutSpans = trace.spans("payout-service").stream().map(Traces.Span::spanId)
                .collect(Collectors.toSet());
        JsonNode logLine = Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> jsonLogLine(platform.logFile("payout"), traceId), Optional::isPresent).orElseThrow();
        assertTrue(logLine.path("message").asText().contains("is not for payout-service"), logLine.toString());
        assertTrue(payoutSpans.contains(logLine.path("mdc").path("spanId").asText()), logLine.toString());
    }

    private static Optional<Traces.Span> consumerIn(Traces.Trace trace, String service) {
        return trace.spans(service).stream().filter(span -> span.kind().equals("CONSUMER")).findFirst();
    }

    private static List<Traces.Span> jdbcSpans(Traces.Trace trace, String service) {
        return trace.spans(service).stream().filter(span -> span.attribute("db.system.name")
                .or(() -> span.attribute("db.system")).isPresent()).toList();
    }

    /** True when ancestor is span's parent, or its parent's parent, and so on within the trace. */
    private static boolean descendsFrom(Traces.Trace trace, Traces.Span span, Traces.Span ancestor) {
        Optional<Traces.Span> current = Optional.of(span);
        while (current.isPresent() && current.get().parentSpanId() != null) {
            if (current.get().parentSpanId().equals(ancestor.spanId())) {
                return true;
            }
            current = trace.span(current.get().parentSpanId());
        }
        return false;
    }

    private static JsonNode auditEntries(String incidentId) {
        String body = given().baseUri(platform.serviceUrl("ledger"))
                .auth().oauth2(Tokens.forUser(stack.realmUrl(), DemoUsers.AUDREY, DemoUsers.PASSWORD))
                .queryParam("subjectId", incidentId)
                .when().get("/audit/entries")
                .then().statusCode(200).extract().asString();
        try {
            return JSON.readTree(body).path("items");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<JsonNode> jsonLogLine(Path logFile, String traceId) {
        try (var lines = Files.lines(logFile)) {
            return lines.filter(line -> line.startsWith("{") && line.contains(traceId)).map(TracingTest::parse)
                    .filter(line -> traceId.equals(line.path("mdc").path("traceId").asText())).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON log line: " + line, e);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}

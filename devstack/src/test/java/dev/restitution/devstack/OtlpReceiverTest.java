package dev.restitution.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OtlpReceiverTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String OTHER_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private OtlpReceiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void anExportedTraceIsReadBackWithParentsKindsServicesAttributesAndLinks() throws Exception {
        // Why: tests find one request's path across services through exactly these fields.
        receiver = OtlpReceiver.start(0, 100);
        Span server = span(TRACE, "00f067aa0ba902b7", null, "POST /claims", Span.SpanKind.SPAN_KIND_SERVER, 1)
                .addAttributes(attribute("http.response.status_code", AnyValue.newBuilder().setIntValue(201)))
                .build();
        Span producer = span(TRACE, "b7ad6b7169203331", "00f067aa0ba902b7", "claims.events publish",
                Span.SpanKind.SPAN_KIND_PRODUCER, 2)
                .addLinks(Span.Link.newBuilder().setTraceId(id(OTHER_TRACE)).setSpanId(id("1111111111111111")))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
                .build();
        Span consumer = span(TRACE, "2222222222222222", "b7ad6b7169203331", "claims.events receive",
                Span.SpanKind.SPAN_KIND_CONSUMER, 3).build();
        assertEquals(200, export(request(Map.of("claims-service", List.of(server, producer), "ledger-service", List.of(consumer))), false));

        Traces.Trace trace = new Traces(receiver.url()).trace(TRACE).orElseThrow();
        assertEquals(List.of("00f067aa0ba902b7", "b7ad6b7169203331", "2222222222222222"),
                trace.spans().stream().map(Traces.Span::spanId).toList());
        Traces.Span root = trace.span("00f067aa0ba902b7").orElseThrow();
        assertNull(root.parentSpanId());
        assertEquals("SERVER", root.kind());
        assertEquals("claims-service", root.service());
        assertEquals(Map.of("http.response.status_code", 201), root.attributes());
        Traces.Span publish = trace.span("b7ad6b7169203331").orElseThrow();
        assertEquals("PRODUCER", publish.kind());
        assertEquals("ERROR", publish.status());
        assertEquals(List.of(new Traces.Link(OTHER_TRACE, "1111111111111111")), publish.links());
        Traces.Span receive = trace.span("2222222222222222").orElseThrow();
        assertEquals("ledger-service", receive.service());
        assertEquals("b7ad6b7169203331", receive.parentSpanId());
        assertEquals(List.of(receive), trace.spans("ledger-service"));
        JsonNode rootJson = get("/api/traces/" + TRACE).body().path("spans").get(0);
        assertTrue(!rootJson.has("parentSpanId"), "a root span has no parentSpanId field, not a null one");
    }

    @Test
    void gzipExportsAreAccepted() throws Exception {
        // Why: an exporter configured with compression=gzip must not lose its spans silently.
        receiver = OtlpReceiver.start(0, 100);
        Span span = span(TRACE, "00f067aa0ba902b7", null, "GET /audit", Span.SpanKind.SPAN_KIND_SERVER, 1).build();
        assertEquals(200, export(request(Map.of("ledger-service", List.of(span))), true));
        assertEquals(1, new Traces(receiver.url()).trace(TRACE).orElseThrow().spans().size());
    }

    @Test
    void theOldestSpansAreDroppedBeyondTheCapacity() throws Exception {
        // Why: a long ./restitution run must not grow the receiver's memory without bound.
        receiver = OtlpReceiver.start(0, 3);
        export(request(Map.of("claims-service", List.of(
                span(OTHER_TRACE, "1111111111111111", null, "first", Span.SpanKind.SPAN_KIND_SERVER, 1).build()))), false);
        export(request(Map.of("claims-service", List.of(
                span(TRACE, "2222222222222222", null, "second", Span.SpanKind.SPAN_KIND_SERVER, 2).build(),
                span(TRACE, "3333333333333333", "2222222222222222", "third", Span.SpanKind.SPAN_KIND_INTERNAL, 3).build(),
                span(TRACE, "4444444444444444", "2222222222222222", "fourth", Span.SpanKind.SPAN_KIND_INTERNAL, 4).build()))),
                false);

        Traces traces = new Traces(receiver.url());
        assertTrue(traces.trace(OTHER_TRACE).isEmpty(), "the first trace's only span was dropped");
        assertEquals(404, get("/api/traces/" + OTHER_TRACE).status());
        assertEquals(List.of("second", "third", "fourth"),
                traces.trace(TRACE).orElseThrow().spans().stream().map(Traces.Span::name).toList());
    }

    @Test
    void spansAreFoundByServiceNameAndAttributeNewestFirstUpToTheLimit() throws Exception {
        // Why: a test that knows a claim id, not a trace id, finds its spans by attribute.
        receiver = OtlpReceiver.start(0, 100);
        export(request(Map.of(
                "claims-service", List.of(
                        span(TRACE, "1111111111111111", null, "claim approve", Span.SpanKind.SPAN_KIND_INTERNAL, 1)
                                .addAttributes(attribute("restitution.claim_id", AnyValue.newBuilder().setStringValue("c-1"))).build(),
                        span(TRACE, "2222222222222222", null, "claim approve", Span.SpanKind.SPAN_KIND_INTERNAL, 2)
                                .addAttributes(attribute("restitution.claim_id", AnyValue.newBuilder().setStringValue("c-2"))).build(),
                        span(TRACE, "3333333333333333", null, "claim approve", Span.SpanKind.SPAN_KIND_INTERNAL, 3)
                                .addAttributes(attribute("restitution.claim_id", AnyValue.newBuilder().setStringValue("c-2"))).build()),
                "ledger-service", List.of(
                        span(TRACE, "4444444444444444", null, "claim approve", Span.SpanKind.SPAN_KIND_INTERNAL, 4)
                                .addAttributes(attribute("restitution.claim_id", AnyValue.newBuilder().setStringValue("c-2"))).build()))),
                false);
        Traces traces = new Traces(receiver.url());

        assertEquals(List.of("3333333333333333", "2222222222222222"),
                traces.spans("claims-service", "claim approve", Map.of("restitution.claim_id", "c-2"), 10)
                        .stream().map(Traces.Span::spanId).toList());
        assertEquals(List.of("3333333333333333"),
                traces.spans("claims-service", null, Map.of(), 1).stream().map(Traces.Span::spanId).toList());
        assertEquals(4, traces.spans(null, null, Map.of(), 1000).size());
        assertTrue(traces.spans("payout-service", null, Map.of(), 10).isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/api/spans?limit=0|limit",
            "/api/spans?limit=1001|limit",
            "/api/spans?limit=ten|limit",
            "/api/spans?attribute=noequals|attribute",
            "/api/spans?attribute==value|attribute",
            "/api/spans?service=|service",
            "/api/spans?service=a&service=b|service",
            "/api/spans?colour=red|colour",
            "/api/traces/4BF92F3577B34DA6A3CE929D0E0E4736|traceId",
            "/api/traces/not-a-trace|traceId"})
    void badParametersAreRefusedWithAProblemNamingThem(String pathAndQuery, String parameter) throws Exception {
        // Why: a typo in a test's query must fail loudly, not look like "no spans yet".
        receiver = OtlpReceiver.start(0, 100);
        Answer answer = get(pathAndQuery);
        assertEquals(400, answer.status());
        assertEquals(parameter, answer.body().path("parameter").asText());
        assertEquals(400, answer.body().path("status").asInt());
    }

    @Test
    void aBodyThatIsNotAnOtlpProtobufExportIsRefused() throws Exception {
        // Why: a misconfigured exporter (gRPC or JSON aimed here) must see an error, not a silent success.
        receiver = OtlpReceiver.start(0, 100);
        HttpResponse<String> json = HTTP.send(HttpRequest.newBuilder(URI.create(receiver.url() + "/v1/traces"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, json.statusCode());
        HttpResponse<String> garbage = HTTP.send(HttpRequest.newBuilder(URI.create(receiver.url() + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, 0x01, 0x02})).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, garbage.statusCode());
        assertTrue(new Traces(receiver.url()).spans(null, null, Map.of(), 10).isEmpty());
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer get(String pathAndQuery) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(receiver.url() + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(answer.statusCode(), JSON.readTree(answer.body()));
    }

    private int export(ExportTraceServiceRequest request, boolean gzip) throws Exception {
        byte[] body = request.toByteArray();
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(receiver.url() + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf");
        if (gzip) {
            body = gzip(body);
            post.header("Content-Encoding", "gzip");
        }
        return HTTP.send(post.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        }
        return out.toByteArray();
    }

    private static ExportTraceServiceRequest request(Map<String, List<Span>> spansByService) {
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        spansByService.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> request.addResourceSpans(
                ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(
                                attribute("service.name", AnyValue.newBuilder().setStringValue(entry.getKey()))))
                        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(entry.getValue()))));
        return request.build();
    }

    private static Span.Builder span(String traceId, String spanId, String parentSpanId, String name, Span.SpanKind kind,
                                     long start) {
        Span.Builder span = Span.newBuilder().setTraceId(id(traceId)).setSpanId(id(spanId)).setName(name).setKind(kind)
                .setStartTimeUnixNano(start).setEndTimeUnixNano(start + 1);
        if (parentSpanId != null) {
            span.setParentSpanId(id(parentSpanId));
        }
        return span;
    }

    private static KeyValue attribute(String key, AnyValue.Builder value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }
}

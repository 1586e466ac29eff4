package dev.restitution.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The devstack's OpenTelemetry endpoint: accepts OTLP/HTTP trace exports ({@code POST /v1/traces},
 * application/x-protobuf, gzip or not), keeps the spans in memory ({@link SpanStore}, bounded) and answers a
 * small JSON query API that {@link Traces} wraps:
 * {@code GET /api/traces/{traceId}} and {@code GET /api/spans?service=&name=&attribute=key=value&limit=}.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** The most spans kept unless configured otherwise; the oldest are dropped first. */
    public static final int DEFAULT_CAPACITY = 200_000;
    /** System property that sets the capacity of the receiver a devstack starts. */
    public static final String CAPACITY_PROPERTY = "restitution.devstack.otlp.max-spans";
    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_LIMIT = 100;
    /** An exporter's batch is at most 512 spans by default, far below this; bounds what one request may hold. */
    private static final int MAX_REQUEST_BYTES = 32 << 20;
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService handlers;
    private final SpanStore store;

    private OtlpReceiver(HttpServer server, ExecutorService handlers, SpanStore store) {
        this.server = server;
        this.handlers = handlers;
        this.store = store;
    }

    /** Listens on 127.0.0.1:port (0 for a free one) and keeps at most capacity spans. */
    public static OtlpReceiver start(int port, int capacity) {
        SpanStore store = new SpanStore(capacity);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("the OTLP receiver cannot listen on " + Ports.LOOPBACK + ":" + port, e);
        }
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        OtlpReceiver receiver = new OtlpReceiver(server, handlers, store);
        server.createContext("/v1/traces", receiver::export);
        server.createContext("/api/traces/", receiver::trace);
        server.createContext("/api/spans", receiver::spans);
        server.createContext("/", exchange -> problem(exchange, 404, "Not Found", "no such resource: "
                + exchange.getRequestURI().getPath(), null));
        server.setExecutor(handlers);
        server.start();
        return receiver;
    }

    /** The capacity a devstack's receiver gets: the system property, else {@link #DEFAULT_CAPACITY}. */
    static int configuredCapacity() {
        String configured = System.getProperty(CAPACITY_PROPERTY);
        if (configured == null) {
            return DEFAULT_CAPACITY;
        }
        try {
            return Integer.parseInt(configured.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CAPACITY_PROPERTY + " must be a whole number of spans, was " + configured, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** e.g. http://127.0.0.1:4318, the OTLP/HTTP endpoint services export to and {@link Traces} queries. */
    public String url() {
        return "http://" + Ports.LOOPBACK + ":" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.close();
    }

    private void export(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                problem(exchange, 405, "Method Not Allowed", "only POST exports traces", null);
                return;
            }
            String contentType = mediaType(exchange.getRequestHeaders().getFirst("Content-Type"));
            if (!"application/x-protobuf".equals(contentType)) {
                problem(exchange, 415, "Unsupported Media Type",
                        "traces are accepted as application/x-protobuf (OTLP/HTTP), not " + contentType, null);
                return;
            }
            byte[] body;
            try {
                body = readBody(exchange);
            } catch (RequestTooLarge e) {
                problem(exchange, 413, "Content Too Large", "an export request may hold at most " + MAX_REQUEST_BYTES + " bytes", null);
                return;
            }
            ExportTraceServiceRequest request;
            try {
                request = ExportTraceServiceRequest.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                problem(exchange, 400, "Bad Request", "the body is not an OTLP ExportTraceServiceRequest: " + e.getMessage(), null);
                return;
            }
            keep(request);
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    /** Stores every span of an export request. */
    void keep(ExportTraceServiceRequest request) {
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            String service = resourceSpans.getResource().getAttributesList().stream()
                    .filter(attribute -> attribute.getKey().equals("service.name"))
                    .map(attribute -> attribute.getValue().getStringValue())
                    .findFirst().orElse("unknown_service");
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    store.add(toSpan(service, span));
                }
            }
        }
    }

    private static Traces.Span toSpan(String service, Span span) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (KeyValue attribute : span.getAttributesList()) {
            attributes.put(attribute.getKey(), value(attribute.getValue()));
        }
        List<Traces.Link> links = span.getLinksList().stream()
                .map(link -> new Traces.Link(hex(link.getTraceId()), hex(link.getSpanId())))
                .toList();
        String parent = span.getParentSpanId().isEmpty() ? null : hex(span.getParentSpanId());
        return new Traces.Span(hex(span.getTraceId()), hex(span.getSpanId()), parent, span.getName(),
                span.getKind().name().replace("SPAN_KIND_", ""), service, span.getStartTimeUnixNano(),
                span.getEndTimeUnixNano(), span.getStatus().getCode().name().replace("STATUS_CODE_", ""),
                attributes, links);
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpReceiver::value).toList();
            case BYTES_VALUE -> HexFormat.of().formatHex(value.getBytesValue().toByteArray());
            default -> value.toString().strip();
        };
    }

    private static String hex(ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }

    private void trace(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                problem(exchange, 405, "Method Not Allowed", "only GET reads a trace", null);
                return;
            }
            String traceId = exchange.getRequestURI().getPath().substring("/api/traces/".length());
            if (!TRACE_ID.matcher(traceId).matches()) {
                problem(exchange, 400, "Bad Request", "traceId must be 32 lower-case hex digits", "traceId");
                return;
            }
            var trace = store.trace(traceId);
            if (trace.isEmpty()) {
                problem(exchange, 404, "Not Found", "no span of trace " + traceId + " is kept", "traceId");
                return;
            }
            json(exchange, 200, JSON.valueToTree(trace.get()));
        }
    }

    private void spans(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                problem(exchange, 405, "Method Not Allowed", "only GET reads spans", null);
                return;
            }
            SpanStore.Query query;
            try {
                query = SpanQueries.parse(exchange.getRequestURI().getRawQuery());
            } catch (SpanQueries.BadParameter e) {
                problem(exchange, 400, "Bad Request", e.getMessage(), e.parameter());
                return;
            }
            ObjectNode answer = JSON.createObjectNode();
            answer.set("spans", JSON.valueToTree(store.find(query)));
            json(exchange, 200, answer);
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException, RequestTooLarge {
        InputStream in = exchange.getRequestBody();
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null && encoding.strip().equalsIgnoreCase("gzip")) {
            in = new GZIPInputStream(in);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) != -1) {
            out.write(buffer, 0, read);
            if (out.size() > MAX_REQUEST_BYTES) {
                throw new RequestTooLarge();
            }
        }
        return out.toByteArray();
    }

    /** The body went over {@link #MAX_REQUEST_BYTES}. */
    private static final class RequestTooLarge extends Exception {
        RequestTooLarge() {
            super(null, null, false, false);
        }
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "none";
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
    }

    private static void problem(HttpExchange exchange, int status, String title, String detail, String parameter)
            throws IOException {
        ObjectNode problem = JSON.createObjectNode()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        if (parameter != null) {
            problem.put("parameter", parameter);
        }
        exchange.getResponseHeaders().set("Content-Type", PROBLEM_JSON);
        byte[] body = JSON.writeValueAsBytes(problem);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

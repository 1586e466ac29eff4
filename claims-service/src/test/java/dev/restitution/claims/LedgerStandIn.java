package dev.restitution.claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ledger-service's snapshot endpoints {@code GET /incidents/{id}/snapshot/me} and
 * {@code GET /snapshots/me/incidents} as claims-service sees them over HTTP: the AccountSnapshot (and
 * IncidentsWithRows) documents of the contract, answered for the account in the bearer token's account_id claim
 * (so a missing or wrong propagated token shows), or 503 when a test makes the ledger fail for an incident. Tests set it up over HTTP ({@code POST /stand-in/incidents/{id}}), because the test
 * and this resource do not share a class loader. The whole thread with the real ledger runs in
 * system-tests; this keeps claims-service's own tests independent of the ledger's build.
 */
public class LedgerStandIn implements QuarkusTestResourceLifecycleManager {

    public static final String URL_PROPERTY = "quarkus.rest-client.ledger.url";
    private static final Pattern MINE = Pattern.compile("^/incidents/([0-9a-f-]{36})/snapshot/me$");
    private static final Pattern INCIDENT = Pattern.compile("^/incidents/([0-9a-f-]{36})$");
    private static final Pattern LEDGER_STATE = Pattern.compile("^/stand-in/incidents/([0-9a-f-]{36})/ledger-state$");
    private static final Pattern SETUP = Pattern.compile("^/stand-in/incidents/([0-9a-f-]{36})(/calls|/asked)?$");
    private static final String INCIDENTS_WITH_ROWS = "/snapshots/me/incidents";
    private static final Pattern INCIDENT_ID_PARAMETER = Pattern.compile("(?:^|&)incidentId=([0-9a-f-]{36})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> incidents = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** Per incident, how many {@code GET /snapshots/me/incidents} named it. */
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    private final Map<String, String> ledgerStates = new ConcurrentHashMap<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        // Like ledger-service, it answers requests concurrently and at once: without an executor the JDK
        // server answers one request after the other on its dispatcher thread, and without TCP_NODELAY
        // each response waits for the client's delayed ACK (40 ms) between its headers and its body.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return Map.of(URL_PROPERTY, "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Matcher setup = SETUP.matcher(path);
            Matcher mine = MINE.matcher(path);
            Matcher ledgerState = LEDGER_STATE.matcher(path);
            if (ledgerState.matches() && "POST".equals(exchange.getRequestMethod())) {
                ledgerStates.put(ledgerState.group(1), new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                respond(exchange, 204, null);
            } else if (setup.matches() && "POST".equals(exchange.getRequestMethod())) {
                incidents.put(setup.group(1), JSON.readTree(exchange.getRequestBody()));
                respond(exchange, 204, null);
            } else if (setup.matches() && setup.group(2) != null) {
                Map<String, AtomicInteger> counted = "/asked".equals(setup.group(2)) ? asked : calls;
                respond(exchange, 200, String.valueOf(counted.getOrDefault(setup.group(1), new AtomicInteger()).get()));
            } else if (INCIDENTS_WITH_ROWS.equals(path) && "GET".equals(exchange.getRequestMethod())) {
                answerIncidentsWithRows(exchange);
            } else if (INCIDENT.matcher(path).matches() && "GET".equals(exchange.getRequestMethod())) {
                Matcher incident = INCIDENT.matcher(path);
                incident.matches();
                answerIncident(exchange, incident.group(1));
            } else if (mine.matches() && "GET".equals(exchange.getRequestMethod())) {
                calls.computeIfAbsent(mine.group(1), id -> new AtomicInteger()).incrementAndGet();
                answerMine(exchange, mine.group(1));
            } else {
                respond(exchange, 404, null);
            }
        }
    }

    /**
     * The ledger's {@code GET /incidents/{id}} for an incident a test gave a state at the ledger
     * ({@code POST /stand-in/incidents/{id}/ledger-state}): only
     * for claims-service's service account (token issued to client claims-service), as ledger-service's roles allow.
     */
    private void answerIncident(HttpExchange exchange, String incidentId) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            respond(exchange, 401, null);
            return;
        }
        if (!"claims-service".equals(claimsOf(authorization.substring("Bearer ".length())).path("azp").asText())) {
            respond(exchange, 403, null);
            return;
        }
        String state = ledgerStates.get(incidentId);
        if (state == null) {
            respond(exchange, 404, null);
            return;
        }
        ObjectNode body = JSON.createObjectNode()
                .put("id", incidentId)
                .put("exchange", "CoinEx")
                .put("title", "Stand-in incident")
                .put("cutoffAt", "2026-11-01T03:00:00Z")
                .put("state", state)
                .put("declaredAt", "2026-11-01T04:00:00Z");
        body.putObject("declaredBy").put("subjectId", "ian-subject").put("username", "ian");
        body.putArray("assets");
        respond(exchange, 200, body.toString());
    }

    private void answerMine(HttpExchange exchange, String incidentId) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            respond(exchange, 401, null);
            return;
        }
        JsonNode incident = incidents.get(incidentId);
        if (incident == null) {
            respond(exchange, 404, null);
            return;
        }
        if (incident.path("failing").asBoolean(false)) {
            respond(exchange, 503, null);
            return;
        }
        String accountId = accountOf(authorization.substring("Bearer ".length()));
        ObjectNode body = JSON.createObjectNode()
                .put("incidentId", incidentId)
                .put("importId", incident.get("importId").asText())
                .put("accountId", accountId)
                .put("merkleRoot", "0x" + "ab".repeat(32));
        body.putArray("leafEncoding").add("bytes32").add("string").add("uint256");
        ArrayNode entries = body.putArray("entries");
        for (JsonNode row : incident.path("rows").path(accountId)) {
            ObjectNode entry = entries.addObject()
                    .put("asset", row.get("asset").asText())
                    .put("amount", row.get("amount").asText())
                    .put("decimals", row.get("decimals").asInt())
                    .put("salt", "0x" + "11".repeat(32))
                    .put("accountCommitment", "0x" + "22".repeat(32))
                    .put("leafHash", "0x" + "33".repeat(32));
            entry.putArray("leaf").add("0x" + "22".repeat(32)).add(row.get("asset").asText()).add(row.get("amount").asText());
            entry.putArray("proof");
        }
        respond(exchange, 200, body.toString());
    }

    private void answerIncidentsWithRows(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            respond(exchange, 401, null);
            return;
        }
        List<String> incidentIds = new ArrayList<>();
        Matcher parameter = INCIDENT_ID_PARAMETER.matcher(String.valueOf(exchange.getRequestURI().getRawQuery()));
        while (parameter.find()) {
            incidentIds.add(parameter.group(1));
        }
        if (incidentIds.isEmpty() || incidentIds.size() > 200) {
            respond(exchange, 400, null);
            return;
        }
        incidentIds.forEach(id -> asked.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet());
        if (incidentIds.stream().map(incidents::get).anyMatch(incident -> incident != null
                && incident.path("failing").asBoolean(false))) {
            respond(exchange, 503, null);
            return;
        }
        String accountId = accountOf(authorization.substring("Bearer ".length()));
        ObjectNode body = JSON.createObjectNode();
        ArrayNode holding = body.putArray("incidentIds");
        for (String incidentId : incidentIds) {
            JsonNode incident = incidents.get(incidentId);
            if (incident != null && !incident.path("rows").path(accountId).isEmpty()) {
                holding.add(incidentId);
            }
        }
        respond(exchange, 200, body.toString());
    }

    private static String accountOf(String token) throws IOException {
        return claimsOf(token).path("account_id").asText();
    }

    private static JsonNode claimsOf(String token) throws IOException {
        String[] parts = token.split("\\.");
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        if (json == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}

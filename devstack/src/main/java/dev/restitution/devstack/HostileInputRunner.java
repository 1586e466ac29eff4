package dev.restitution.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.devstack.HostileInputs.HostileRequest;
import dev.restitution.devstack.HostileInputs.Operation;
import dev.restitution.devstack.openapi.ApiDocumentValidation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DynamicTest;

/**
 * Sends a service's {@link HostileInputs} and proves, per operation, that each one is answered with a 400
 * RFC 9457 problem naming the field or parameter, as the service's OpenAPI document describes that answer,
 * and that nothing was written: the service's state, as
 * the caller reads it ({@code state}: e.g. the row count of every table), is the same after the operation's
 * requests as before.
 *
 * <p>Each operation is sent with the first of the given callers that its roles admit (a request refused
 * with 401 or 403 reaches no body); an operation no caller reaches fails, so none is skipped silently.
 */
public final class HostileInputRunner {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUri;
    private final List<String> bearerTokens;
    private final Supplier<Map<String, Long>> state;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /**
     * @param baseUri the service's root
     * @param bearerTokens access tokens of callers with different roles, tried in order
     * @param state what the service holds, read the same way before and after an operation
     */
    public HostileInputRunner(URI baseUri, List<String> bearerTokens, Supplier<Map<String, Long>> state) {
        this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        this.bearerTokens = List.copyOf(bearerTokens);
        this.state = Objects.requireNonNull(state, "state");
    }

    /**
     * The row count of every table of the schema {@code dataSource} connects to: what the service holds, for
     * {@code state}. Counted in one repeatable-read transaction so that the counts belong together.
     */
    public static Map<String, Long> rowCounts(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            List<String> tables = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet names = statement.executeQuery("select table_name from information_schema.tables"
                         + " where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name")) {
                while (names.next()) {
                    tables.add(names.getString(1));
                }
            }
            Map<String, Long> counts = new TreeMap<>();
            for (String table : tables) {
                try (Statement statement = connection.createStatement();
                     ResultSet count = statement.executeQuery("select count(*) from \"" + table.replace("\"", "\"\"") + "\"")) {
                    count.next();
                    counts.put(table, count.getLong(1));
                }
            }
            connection.rollback();
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the service's rows", e);
        }
    }

    /** One dynamic test per operation, named after it. */
    public Stream<DynamicTest> tests(List<Operation> operations) {
        return operations.stream().map(operation -> DynamicTest.dynamicTest(
                operation.method() + " " + operation.pathTemplate() + " (" + operation.operationId() + ", "
                        + operation.requests().size() + " hostile requests)",
                () -> check(operation)));
    }

    private void check(Operation operation) {
        Map<String, Long> before = state.get();
        String token = tokenReaching(operation.requests().getFirst());
        List<String> failures = new ArrayList<>();
        for (HostileRequest request : operation.requests()) {
            HttpRequest sent = request(request, token);
            HttpResponse<String> answer = send(sent, request);
            refusalFailure(request, answer).ifPresent(failures::add);
            try {
                ApiDocumentValidation.assertAnswerDocumented(sent, Optional.ofNullable(request.body()), answer);
            } catch (AssertionError undocumented) {
                failures.add(request.what() + ": " + undocumented.getMessage());
            }
        }
        Map<String, Long> after = state.get();
        if (!before.equals(after)) {
            failures.add("something was written: " + differences(before, after));
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(operation.operationId() + ": " + failures.size() + " of "
                    + operation.requests().size() + " hostile requests not refused as they should be:\n  "
                    + String.join("\n  ", failures));
        }
    }

    private String tokenReaching(HostileRequest probe) {
        for (String token : bearerTokens) {
            int status = send(request(probe, token), probe).statusCode();
            if (status != 401 && status != 403) {
                return token;
            }
        }
        throw new AssertionError(probe.operationId() + ": no caller given reaches it (each answered 401 or 403)");
    }

    /** Why the answer is not a 400 problem naming the field, if it is not. */
    static Optional<String> refusalFailure(HostileRequest request, HttpResponse<String> response) {
        String answer = response.statusCode() + " " + abbreviate(response.body());
        if (response.statusCode() != 400) {
            return Optional.of(request.what() + ": expected 400, got " + answer);
        }
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            return Optional.of(request.what() + ": not a problem document: " + answer);
        }
        try {
            JsonNode problem = JSON.readTree(response.body());
            for (JsonNode error : problem.path("errors")) {
                if (request.field().equals(error.path("field").asText())) {
                    return Optional.empty();
                }
            }
        } catch (IOException notJson) {
            return Optional.of(request.what() + ": problem body is not JSON: " + answer);
        }
        return Optional.of(request.what() + ": the problem does not name " + request.field() + ": " + answer);
    }

    private HttpRequest request(HostileRequest request, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(request)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json, application/problem+json")
                // Operations that move value need one; a hostile request must be refused whatever it names.
                .header("Idempotency-Key", "hostile-input-" + System.nanoTime());
        if (request.body() != null) {
            builder.header("Content-Type", "application/json")
                    .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        return builder.build();
    }

    private HttpResponse<String> send(HttpRequest sent, HostileRequest request) {
        try {
            return http.send(sent, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.operationId() + ": " + request.what(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private URI uri(HostileRequest request) {
        String query = request.query().entrySet().stream()
                .flatMap(parameter -> parameter.getValue().stream()
                        .map(value -> encode(parameter.getKey()) + "=" + encode(value)))
                .collect(Collectors.joining("&"));
        String root = baseUri.toString().replaceAll("/+$", "");
        return URI.create(root + request.path() + (query.isEmpty() ? "" : "?" + query));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String differences(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream()
                .filter(entry -> !Objects.equals(before.get(entry.getKey()), entry.getValue()))
                .map(entry -> entry.getKey() + " " + before.get(entry.getKey()) + " -> " + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String abbreviate(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }
}

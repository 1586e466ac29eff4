package dev.restitution.devstack.openapi;

import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DocumentValidationFilterTest {

    private static final String DOCUMENT = """
            openapi: 3.0.3
            info: {title: things, version: '1'}
            paths:
              /things/{id}:
                get:
                  operationId: getThing
                  x-roles: [auditor]
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string, format: uuid}}
                  responses:
                    '200':
                      description: The thing.
                      content:
                        application/json:
                          schema: {type: object, required: [name], properties: {name: {type: string}}}
                    '400':
                      description: A problem.
                      content:
                        application/problem+json:
                          schema: {type: object, required: [status], properties: {status: {type: integer}}}
            """;
    private static final String CONFORMING = "/things/00000000-0000-0000-0000-000000000001";
    private static final String WITH_NULL = "/things/00000000-0000-0000-0000-000000000002";
    private static final String UNDOCUMENTED_STATUS = "/things/00000000-0000-0000-0000-000000000003";
    private static final String NOT_A_UUID = "/things/not-a-uuid";

    private static final DocumentValidationFilter FILTER = new DocumentValidationFilter(ApiDocument.parse(DOCUMENT).validator());
    private static HttpServer server;
    private static int previousPort;

    @BeforeAll
    static void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", DocumentValidationFilterTest::answer);
        server.start();
        previousPort = RestAssured.port;
        RestAssured.port = server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        RestAssured.port = previousPort;
        server.stop(0);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case CONFORMING -> send(exchange, 200, "application/json", "{\"name\":\"x\"}");
            case WITH_NULL -> send(exchange, 200, "application/json", "{\"name\":\"x\",\"note\":null}");
            case UNDOCUMENTED_STATUS -> send(exchange, 409, "application/problem+json", "{\"status\":409}");
            default -> send(exchange, 400, "application/problem+json", "{\"status\":400}");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void anExchangeTheDocumentDescribesPasses() {
        // Why: validation must not get in the way of a test whose request and response are as documented.
        assertDoesNotThrow(() -> given().filter(FILTER).get(CONFORMING).then().statusCode(200));
    }

    @Test
    void aResponseWithAFieldTheDocumentDoesNotNameFailsTheTest() {
        // Why: a null or undocumented field is what strict generated clients choke on.
        AssertionError failure = assertThrows(AssertionError.class, () -> given().filter(FILTER).get(WITH_NULL));
        assertTrue(failure.getMessage().contains("note"), failure.getMessage());
    }

    @Test
    void aStatusTheDocumentDoesNotListFailsTheTest() {
        // Why: callers handle the statuses the document lists; any other is drift.
        AssertionError failure = assertThrows(AssertionError.class, () -> given().filter(FILTER).get(UNDOCUMENTED_STATUS));
        assertTrue(failure.getMessage().contains("409"), failure.getMessage());
    }

    @Test
    void anUnmarkedInvalidRequestFailsTheTest() {
        // Why: a test sending what the document forbids must say it does so on purpose.
        assertThrows(AssertionError.class, () -> given().filter(FILTER).get(NOT_A_UUID));
    }

    @Test
    void aRequestInvalidOnPurposeHasOnlyItsProblemResponseChecked() {
        // Why: hostile-input tests send bad requests deliberately; their refusals must still be as documented.
        assertDoesNotThrow(() -> given().filter(invalidRequestOnPurpose()).filter(FILTER).get(NOT_A_UUID)
                .then().statusCode(400));
    }

    @Test
    void aValidRequestMarkedInvalidOnPurposeFailsTheTest() {
        // Why: a stale marker would hide a request that conforms and let its response go unchecked.
        AssertionError failure = assertThrows(AssertionError.class,
                () -> given().filter(invalidRequestOnPurpose()).filter(FILTER).get(CONFORMING));
        assertTrue(failure.getMessage().contains("allows it"), failure.getMessage());
    }

    @Test
    void requestsToOtherServersAreNotChecked() throws IOException {
        // Why: token requests to Keycloak and calls to stand-ins are not the service's API.
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> send(exchange, 418, "text/plain", "not an API of the service"));
        other.start();
        try {
            assertDoesNotThrow(() -> given().filter(FILTER).port(other.getAddress().getPort()).get("/anything")
                    .then().statusCode(418));
        } finally {
            other.stop(0);
        }
    }
}

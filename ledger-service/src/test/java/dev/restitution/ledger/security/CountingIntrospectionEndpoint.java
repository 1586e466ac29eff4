package dev.restitution.ledger.security;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server standing in for Keycloak's token introspection endpoint: it counts the requests it
 * gets (readable at {@code /count}) and answers every one with an inactive token. The service is pointed
 * at it through {@code quarkus.oidc.introspection-path}, which takes precedence over the discovered endpoint.
 */
public final class CountingIntrospectionEndpoint implements QuarkusTestResourceLifecycleManager {

    static final String INTROSPECTION_PATH = "quarkus.oidc.introspection-path";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        AtomicInteger requests = new AtomicInteger();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the counting introspection endpoint", e);
        }
        server.createContext("/introspect", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            answer(exchange, "{\"active\":false}");
        });
        server.createContext("/count", exchange -> answer(exchange, Integer.toString(requests.get())));
        server.start();
        return Map.of(INTROSPECTION_PATH, "http://127.0.0.1:" + server.getAddress().getPort() + "/introspect");
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}

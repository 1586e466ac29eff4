package dev.restitution.payout.chain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Raw JSON-RPC calls to the devstack's anvil for what web3j has no method for (tracing, its clock, its node info). */
final class AnvilRpc {

    /** A call tracer over a 100,000-leaf claim or a 1,000-recipient batch answers in seconds; this bounds a stuck node. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnvilRpc() {
    }

    /** The {@code result} of {@code method} with {@code params} (a JSON array); a missing result fails the test. */
    static JsonNode call(String rpcUrl, String method, String params) throws IOException, InterruptedException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(rpcUrl)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode result = JSON.readTree(response.body()).path("result");
            assertTrue(!result.isMissingNode(), method + " answered " + response.body());
            return result;
        }
    }
}

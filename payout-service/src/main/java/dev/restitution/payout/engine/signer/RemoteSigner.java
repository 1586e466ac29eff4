package dev.restitution.payout.engine.signer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.restitution.kit.chain.Eip55;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.utils.Numeric;

/**
 * Production signing through Web3Signer's Ethereum JSON-RPC method {@code eth_signTransaction}: the key stays
 * in Web3Signer (backed by a vault or HSM); this service only sees signed transactions, and checks each one is
 * exactly what it asked for, signed by the configured address.
 */
public final class RemoteSigner implements TransactionSigner {

    private static final int MAX_RESPONSE_CHARS = 1 << 20;

    private final HttpClient http;
    private final URI endpoint;
    private final String address;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong requestIds = new AtomicLong();

    public RemoteSigner(URI endpoint, String address, Duration timeout) {
        Eip55.problemWith(address).ifPresent(problem -> {
            throw new IllegalArgumentException("remote signer address " + problem);
        });
        this.endpoint = endpoint;
        this.address = address;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public String sign(RawTransaction transaction) {
        if (!(transaction.getTransaction() instanceof Transaction1559 fields)) {
            throw new IllegalArgumentException("only EIP-1559 transactions are signed");
        }
        ObjectNode request = json.createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", requestIds.incrementAndGet())
                .put("method", "eth_signTransaction");
        ObjectNode params = request.putArray("params").addObject()
                .put("from", address)
                .put("to", fields.getTo())
                .put("gas", Numeric.toHexStringWithPrefix(fields.getGasLimit()))
                .put("maxFeePerGas", Numeric.toHexStringWithPrefix(fields.getMaxFeePerGas()))
                .put("maxPriorityFeePerGas", Numeric.toHexStringWithPrefix(fields.getMaxPriorityFeePerGas()))
                .put("value", Numeric.toHexStringWithPrefix(fields.getValue()))
                .put("nonce", Numeric.toHexStringWithPrefix(fields.getNonce()))
                .put("chainId", Numeric.toHexStringWithPrefix(java.math.BigInteger.valueOf(fields.getChainId())));
        params.put("data", Numeric.prependHexPrefix(fields.getData() == null ? "" : fields.getData()));
        String signed = call(request);
        SignedTransactions.requireSignedAsRequested(signed, transaction, address);
        return signed;
    }

    private String call(ObjectNode request) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(endpoint)
                            .timeout(timeout)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException unreachable) {
            throw new SigningException("the remote signer is unreachable: " + unreachable.getClass().getSimpleName(), unreachable);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new SigningException("interrupted while waiting for the remote signer", interrupted);
        }
        if (response.statusCode() != 200) {
            throw new SigningException("the remote signer answered HTTP " + response.statusCode());
        }
        if (response.body().length() > MAX_RESPONSE_CHARS) {
            throw new SigningException("the remote signer's answer is larger than " + MAX_RESPONSE_CHARS + " characters");
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (IOException malformed) {
            throw new SigningException("the remote signer answered malformed JSON", malformed);
        }
        if (answer.hasNonNull("error")) {
            throw new SigningException("the remote signer refused: " + answer.path("error").path("message").asText("no message"));
        }
        JsonNode result = answer.path("result");
        if (!result.isTextual()) {
            throw new SigningException("the remote signer answered without a signed transaction");
        }
        return result.asText();
    }

    @Override
    public String toString() {
        return "RemoteSigner[" + address + " at " + endpoint.getHost() + "]";
    }
}

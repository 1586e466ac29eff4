package dev.restitution.payout.engine.signer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.WalletUtils;
import org.web3j.utils.Numeric;

/**
 * Both signers against real signing: a web3j wallet file, and a small Web3Signer-style JSON-RPC server in this
 * test that signs eth_signTransaction requests with its own key.
 */
class SignersTest {

    private static final Credentials KEY = Credentials.create(
            "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
    private static final Credentials OTHER_KEY = Credentials.create(
            "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");
    private static final String ADDRESS = Keys.toChecksumAddress(KEY.getAddress());
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static RawTransaction payment() {
        return RawTransaction.createTransaction(31337L, BigInteger.valueOf(7), BigInteger.valueOf(90_000),
                "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", BigInteger.valueOf(12_345), "0xa9059cbb",
                BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(30_000_000_000L));
    }

    private static String signerOf(String signed) throws Exception {
        return Keys.toChecksumAddress(((SignedRawTransaction) TransactionDecoder.decode(signed)).getFrom());
    }

    @Test
    void keystoreSignerSignsExactlyTheRequestedTransactionWithTheKeyInTheFile(@TempDir Path directory) throws Exception {
        // Why: locally the key lives only in the encrypted wallet file; what it signs must be what was asked.
        String file = WalletUtils.generateWalletFile("correct horse", KEY.getEcKeyPair(), directory.toFile(), false);

        KeystoreSigner signer = KeystoreSigner.open(directory.resolve(file), "correct horse");
        String signed = signer.sign(payment());

        assertEquals(ADDRESS, signer.address());
        assertEquals(ADDRESS, signerOf(signed));
        assertEquals(Numeric.toHexString(TransactionEncoder.signMessage(payment(), KEY)), signed);
        assertFalse(signer.toString().contains(KEY.getEcKeyPair().getPrivateKey().toString(16)));
        assertFalse(Files.readString(directory.resolve(file)).contains(KEY.getEcKeyPair().getPrivateKey().toString(16)),
                "the file holds the key encrypted only");
    }

    @Test
    void aWrongKeystorePasswordIsRefusedWithoutNamingIt(@TempDir Path directory) throws Exception {
        // Why: a failed start must not leak the secret into logs.
        String file = WalletUtils.generateWalletFile("correct horse", KEY.getEcKeyPair(), directory.toFile(), false);

        SigningException refused = assertThrows(SigningException.class,
                () -> KeystoreSigner.open(directory.resolve(file), "battery staple"));

        assertFalse(refused.getMessage().contains("battery staple"));
        assertFalse(refused.getMessage().contains("correct horse"));
    }

    /** A Web3Signer stand-in: answers eth_signTransaction by signing with {@code key} what {@code tamper} makes of the request. */
    private RemoteSigner remoteSigner(Credentials key, UnaryOperator<RawTransaction> tamper) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            requests.add(request);
            JsonNode params = request.path("params").get(0);
            RawTransaction asked = RawTransaction.createTransaction(
                    Numeric.toBigInt(params.path("chainId").asText()).longValueExact(),
                    Numeric.toBigInt(params.path("nonce").asText()), Numeric.toBigInt(params.path("gas").asText()),
                    params.path("to").asText(), Numeric.toBigInt(params.path("value").asText()),
                    params.path("data").asText(), Numeric.toBigInt(params.path("maxPriorityFeePerGas").asText()),
                    Numeric.toBigInt(params.path("maxFeePerGas").asText()));
            String signed = Numeric.toHexString(TransactionEncoder.signMessage(tamper.apply(asked), key));
            byte[] body = JSON.writeValueAsBytes(java.util.Map.of("jsonrpc", "2.0", "id", request.path("id").asLong(),
                    "result", signed));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new RemoteSigner(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), ADDRESS,
                Duration.ofSeconds(5));
    }

    @Test
    void remoteSignerGetsTheTransactionSignedByWeb3SignersJsonRpc() throws Exception {
        // Why: in production the key never enters this service; Web3Signer signs what we send it.
        RemoteSigner signer = remoteSigner(KEY, UnaryOperator.identity());

        String signed = signer.sign(payment());

        assertEquals(Numeric.toHexString(TransactionEncoder.signMessage(payment(), KEY)), signed);
        JsonNode request = requests.getFirst();
        assertEquals("eth_signTransaction", request.path("method").asText());
        assertEquals(ADDRESS, request.path("params").get(0).path("from").asText());
        assertEquals("0x7", request.path("params").get(0).path("nonce").asText());
    }

    @Test
    void aRemoteSignatureOverAnotherTransactionIsRefused() throws Exception {
        // Why: a compromised or buggy signer must not get a different payment (here: another nonce) broadcast.
        RemoteSigner signer = remoteSigner(KEY, asked -> RawTransaction.createTransaction(31337L,
                asked.getNonce().add(BigInteger.ONE), asked.getGasLimit(), asked.getTo(), asked.getValue(),
                asked.getData(), BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(30_000_000_000L)));

        SigningException refused = assertThrows(SigningException.class, () -> signer.sign(payment()));

        assertTrue(refused.getMessage().contains("other than the one requested"), refused.getMessage());
    }

    @Test
    void aRemoteSignatureByAnotherKeyIsRefused() throws Exception {
        // Why: a transaction from another address would not spend our nonce and would pay from the wrong funds.
        RemoteSigner signer = remoteSigner(OTHER_KEY, UnaryOperator.identity());

        SigningException refused = assertThrows(SigningException.class, () -> signer.sign(payment()));

        assertTrue(refused.getMessage().contains("not by " + ADDRESS), refused.getMessage());
    }

    @Test
    void anUnreachableRemoteSignerIsASigningFailure() {
        // Why: with the signer down nothing is signed, and the order waits for the next run.
        RemoteSigner signer = new RemoteSigner(URI.create("http://127.0.0.1:9/"), ADDRESS, Duration.ofSeconds(1));

        SigningException refused = assertThrows(SigningException.class, () -> signer.sign(payment()));

        assertTrue(refused.getMessage().contains("unreachable"), refused.getMessage());
    }
}

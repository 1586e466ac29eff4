package dev.restitution.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * anvil, a local EVM chain, from the platform package npm installed in devstack/node_modules. The devstack runs two
 * ({@link #CHAIN_ID} and {@link #SECOND_CHAIN_ID}), so payouts on several chains are tried locally.
 */
final class AnvilNode implements AutoCloseable {

    static final long CHAIN_ID = 31_337;
    static final long SECOND_CHAIN_ID = 31_338;

    /** anvil answers in ~0.2 s; 30 s covers a loaded machine. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    /** anvil exits at once on SIGTERM; 10 s means it is stuck. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final ManagedProcess process;
    private final String rpcUrl;

    private AnvilNode(ManagedProcess process, String rpcUrl) {
        this.process = process;
        this.rpcUrl = rpcUrl;
    }

    static AnvilNode start(long chainId, int port, Path directory, BuildLocations locations, ProcessRegistry registry) {
        Path binary = binary(locations.requireNodeModules());
        List<String> command = List.of(binary.toString(),
                "--host", Ports.LOOPBACK,
                "--port", Integer.toString(port),
                "--chain-id", Long.toString(chainId));
        ManagedProcess process = ManagedProcess.start("anvil", command, directory, Map.of(),
                directory.resolve("anvil.log"), STOP_TIMEOUT, registry);
        AnvilNode node = new AnvilNode(process, "http://" + Ports.LOOPBACK + ":" + port);
        try {
            Readiness.await("anvil", STARTUP_TIMEOUT, process::requireAlive, () -> chainId(node.rpcUrl()) == chainId,
                    process.logFile().toString());
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return node;
    }

    String rpcUrl() {
        return rpcUrl;
    }

    /** The chain id the node at rpcUrl reports through eth_chainId. */
    static long chainId(String rpcUrl) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(rpcUrl))
                .timeout(PROBE_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            String result = new ObjectMapper().readTree(response.body()).path("result").asText();
            if (!result.startsWith("0x")) {
                throw new IllegalStateException("eth_chainId answered " + response.body());
            }
            return Long.parseLong(result.substring(2), 16);
        } catch (IOException e) {
            throw new IllegalStateException("eth_chainId failed at " + rpcUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling " + rpcUrl, e);
        } finally {
            client.close();
        }
    }

    /**
     * The binary ships inside the platform package (e.g. @foundry-rs/anvil-linux-amd64); it works although
     * npm skips the wrapper package's install script.
     */
    static Path binary(Path nodeModules) {
        String platform = operatingSystem() + "-" + architecture();
        Path binary = nodeModules.resolve("@foundry-rs/anvil-" + platform + "/bin/anvil");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("anvil for " + platform + " is missing at " + binary
                    + ": run npm ci in devstack/ (./mvnw install does when node_modules is missing)");
        }
        return binary;
    }

    private static String operatingSystem() {
        String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        return name.contains("mac") ? "darwin" : name.contains("win") ? "win32" : "linux";
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64";
    }

    @Override
    public void close() {
        process.close();
    }
}

package dev.restitution.payout.commitment.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * keccak256(abi.encode(...)) computed by {@code @metamask/abi-utils} and {@code ethereum-cryptography} from npm
 * (installed by the build into this module's node_modules), run through {@code node}: an implementation of the ABI
 * independent of web3j, which the code under test uses.
 */
final class NodeAbi {

    private static final Path SCRIPT = Path.of("src/test/node/abi.js");
    private static final long TIMEOUT_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeAbi() {
    }

    /** keccak256(abi.encode(values)) for ABI {@code types}; integers as decimal strings, bytes as 0x hex. */
    static String hash(List<String> types, List<Object> values) {
        if (!Files.isRegularFile(SCRIPT)) {
            throw new IllegalStateException("run the tests from the payout-service module: " + SCRIPT.toAbsolutePath() + " is missing");
        }
        try {
            Path output = Files.createTempFile("abi-", ".json");
            try {
                Process process = new ProcessBuilder("node", SCRIPT.toString())
                        .redirectOutput(output.toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                try (OutputStream stdin = process.getOutputStream()) {
                    stdin.write(JSON.writeValueAsBytes(Map.of("types", types, "values", values)));
                }
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("node did not finish within " + TIMEOUT_SECONDS + " s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("node failed with exit code " + process.exitValue());
                }
                return JSON.readTree(Files.readString(output, StandardCharsets.UTF_8)).path("hash").asText();
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException failure) {
            throw new IllegalStateException("cannot run node " + SCRIPT, failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while node ran", interrupted);
        }
    }
}

package dev.restitution.ledger.snapshot.domain;

import com.fasterxml.jackson.databind.JsonNode;
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
 * OpenZeppelin's StandardMerkleTree ({@code @openzeppelin/merkle-tree} from npm, installed by the
 * build into this module's node_modules) run through {@code node}, so tests compare with the real
 * library rather than with our reading of it.
 */
public final class NodeMerkleTree {

    private static final Path SCRIPT = Path.of("src/test/node/merkle.js");
    private static final long TIMEOUT_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeMerkleTree() {
    }

    /** StandardMerkleTree.of(values, encoding): its root, each value's proof and leaf hash, in value order. */
    public static JsonNode build(List<String> encoding, List<List<String>> values) {
        return run(Map.of("op", "build", "encoding", encoding, "values", values));
    }

    /** StandardMerkleTree.verify(root, encoding, leaf, proof). */
    public static boolean verify(String root, List<String> encoding, List<String> leaf, List<String> proof) {
        return run(Map.of("op", "verify", "root", root, "encoding", encoding, "leaf", leaf, "proof", proof))
                .path("valid").asBoolean();
    }

    private static JsonNode run(Map<String, Object> request) {
        if (!Files.isRegularFile(SCRIPT)) {
            throw new IllegalStateException("run the tests from the ledger-service module: " + SCRIPT.toAbsolutePath() + " is missing");
        }
        try {
            Path output = Files.createTempFile("merkle-", ".json");
            try {
                Process process = new ProcessBuilder("node", SCRIPT.toString())
                        .redirectOutput(output.toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                try (OutputStream stdin = process.getOutputStream()) {
                    stdin.write(JSON.writeValueAsBytes(request));
                }
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("node did not finish within " + TIMEOUT_SECONDS + " s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("node failed with exit code " + process.exitValue());
                }
                return JSON.readTree(Files.readString(output, StandardCharsets.UTF_8));
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

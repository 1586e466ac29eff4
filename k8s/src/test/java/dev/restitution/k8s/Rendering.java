package dev.restitution.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.restitution.k8s.realm.RealmImports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Renders the overlays with {@code kubectl kustomize}, once per overlay and test JVM. */
final class Rendering {

    static final Path REPOSITORY_ROOT = Path.of(System.getProperty("restitution.repository-root", ".."))
            .toAbsolutePath().normalize();
    static final Path K8S = REPOSITORY_ROOT.resolve("k8s");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final long RENDER_TIMEOUT_SECONDS = 60;
    private static final int MAX_RENDERED_BYTES = 16 * 1024 * 1024;
    private static final Map<RealmImports.Overlay, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();

    private Rendering() {
    }

    /** Every object the overlay renders to, in kustomize's order. */
    static List<ObjectNode> objects(RealmImports.Overlay overlay) {
        return RENDERED.computeIfAbsent(overlay, Rendering::render);
    }

    /** The objects of one kind. */
    static List<ObjectNode> ofKind(RealmImports.Overlay overlay, String kind) {
        return objects(overlay).stream().filter(object -> kind.equals(object.path("kind").asText())).toList();
    }

    /** The one object of a kind and name; fails when there is none. */
    static ObjectNode named(RealmImports.Overlay overlay, String kind, String name) {
        return find(overlay, kind, name).orElseThrow(() -> new AssertionError(
                overlay + " renders no " + kind + " named " + name));
    }

    static Optional<ObjectNode> find(RealmImports.Overlay overlay, String kind, String name) {
        return ofKind(overlay, kind).stream().filter(object -> name.equals(name(object))).findFirst();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String describe(JsonNode object) {
        return object.path("kind").asText() + "/" + name(object);
    }

    private static List<ObjectNode> render(RealmImports.Overlay overlay) {
        Path directory = K8S.resolve(overlay.directory());
        String kubectl = kubectl();
        Path errorFile;
        Process process;
        try {
            // Errors go to a file, so a chatty stderr can never block the process while stdout is read.
            errorFile = Files.createTempFile("kustomize-", ".err");
            process = new ProcessBuilder(kubectl, "kustomize", directory.toString())
                    .redirectError(errorFile.toFile())
                    .start();
        } catch (IOException failure) {
            throw new AssertionError("cannot run " + kubectl + " kustomize " + directory + ": " + failure.getMessage(), failure);
        }
        try {
            process.getOutputStream().close();
            byte[] output = readBounded(process.getInputStream());
            if (!process.waitFor(RENDER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + directory + " did not finish within " + RENDER_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                String errors = Files.readString(errorFile, StandardCharsets.UTF_8);
                throw new AssertionError("kubectl kustomize " + directory + " failed (exit " + process.exitValue() + "):\n" + errors);
            }
            List<ObjectNode> objects = new ArrayList<>();
            try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(output)) {
                while (documents.hasNext()) {
                    JsonNode document = documents.next();
                    if (!document.isObject()) {
                        throw new AssertionError("kubectl kustomize " + directory + " rendered a document that is not an object: " + document);
                    }
                    objects.add((ObjectNode) document);
                }
            }
            if (objects.isEmpty()) {
                throw new AssertionError("kubectl kustomize " + directory + " rendered nothing");
            }
            return List.copyOf(objects);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while rendering " + directory, interrupted);
        } finally {
            process.destroy();
            deleteQuietly(errorFile);
        }
    }

    /** kubectl from the PATH; the proof needs it, so its absence is a failure with the remedy, not a skip. */
    static String kubectl() {
        return kubectl(System.getenv().getOrDefault("PATH", ""));
    }

    static String kubectl(String path) {
        Optional<Path> found = Stream.of(path.split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst();
        return found.map(Path::toString).orElseThrow(() -> new AssertionError(
                "kubectl is not on the PATH. The k8s module renders every overlay with `kubectl kustomize` "
                        + "(kubectl 1.27 or newer, which bundles kustomize 5): install kubectl and rerun."));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover temporary file is harmless; the rendering result is what matters.
        }
    }

    private static byte[] readBounded(InputStream stream) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        int read;
        while ((read = stream.read(chunk)) != -1) {
            if (buffer.size() + read > MAX_RENDERED_BYTES) {
                throw new AssertionError("kubectl output exceeds " + MAX_RENDERED_BYTES + " bytes");
            }
            buffer.write(chunk, 0, read);
        }
        return buffer.toByteArray();
    }
}

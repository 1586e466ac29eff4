package dev.restitution.ledgercli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Uploads a balances file to an incident's snapshot and shows a progress bar: first the bytes sent,
 * then, polled from the import resource, the rows the service has read and its rate. Prints the
 * Merkle root and totals of a loaded import, or the errors of a refused file (exit code 1).
 */
@Command(name = "upload-snapshot", mixinStandardHelpOptions = true,
        description = "Upload a snapshot balances file (CSV or NDJSON, optionally .gz) as incident-admin.")
final class UploadSnapshotCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BAR_CELLS = 30;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** An upload of the largest accepted file (2 GB) at a slow 5 MB/s, plus the import, fits in this. */
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    @Option(names = "--ledger-url", defaultValue = "http://127.0.0.1:8081", description = "ledger-service base URL (default: ${DEFAULT-VALUE}).")
    URI ledgerUrl;

    @Option(names = "--incident", required = true, description = "Incident id.")
    UUID incidentId;

    @Option(names = "--file", required = true, description = "The balances file: .csv or .ndjson, optionally ending in .gz.")
    Path file;

    @Option(names = "--token", defaultValue = "${env:RESTITUTION_TOKEN}",
            description = "Bearer token of an incident-admin (default: the RESTITUTION_TOKEN environment variable).")
    String token;

    @Option(names = "--amount-format", defaultValue = "MINOR_UNITS", description = "MINOR_UNITS or DECIMAL (default: ${DEFAULT-VALUE}).")
    String amountFormat;

    @Option(names = "--import-id", description = "Import id (default: a new random one).")
    UUID importId;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        if (token == null || token.isBlank()) {
            err.println("no token: pass --token or set RESTITUTION_TOKEN");
            return 2;
        }
        if (!Files.isRegularFile(file)) {
            err.println("no such file: " + file);
            return 2;
        }
        UUID id = importId == null ? UUID.randomUUID() : importId;
        URI importUri = ledgerUrl.resolve("/incidents/" + incidentId + "/snapshot/imports/" + id);
        long size = Files.size(file);
        AtomicLong sent = new AtomicLong();
        ProgressBar bar = new ProgressBar(BAR_CELLS);
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build()) {
            HttpRequest upload = HttpRequest.newBuilder(URI.create(importUri + "?amountFormat=" + amountFormat))
                    .timeout(UPLOAD_TIMEOUT)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", contentType(file))
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                            () -> counting(file, sent)), size))
                    .build();
            CompletableFuture<HttpResponse<String>> response = client.sendAsync(upload, HttpResponse.BodyHandlers.ofString());
            while (!response.isDone()) {
                err.print("\r" + progressLine(client, importUri, bar, sent.get(), size));
                try {
                    response.get(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException stillRunning) {
                    // the upload goes on; poll again
                }
            }
            err.println();
            return report(response.get(), id);
        }
    }

    /** The upload's bytes while they are sent, then the service's rows and rate while it imports. */
    private String progressLine(HttpClient client, URI importUri, ProgressBar bar, long sentBytes, long size) {
        JsonNode progress = poll(client, importUri);
        if (progress != null && "RECEIVING".equals(progress.path("state").asText())) {
            long rows = progress.path("rowsRead").asLong();
            return bar.render("import", progress.path("bytesRead").asLong(), size, String.format(Locale.ROOT,
                    "%,d rows, %,d rows/s   ", rows, progress.path("rowsPerSecond").asLong()));
        }
        if (sentBytes < size) {
            return bar.render("upload", sentBytes, size, ProgressBar.megabytes(sentBytes) + " of " + ProgressBar.megabytes(size) + "   ");
        }
        return bar.render("import", 0, size, "waiting for the service   ");
    }

    private JsonNode poll(HttpClient client, URI importUri) {
        HttpRequest request = HttpRequest.newBuilder(importUri).timeout(CONNECT_TIMEOUT)
                .header("Authorization", "Bearer " + token).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException unavailable) {
            return null;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private int report(HttpResponse<String> response, UUID id) throws IOException {
        JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        if (response.statusCode() == 201) {
            out.printf(Locale.ROOT, "import %s LOADED: %,d rows at %,d rows/s, Merkle root %s%n", id,
                    body.path("rowCount").asLong(), body.path("rowsPerSecond").asLong(), body.path("merkleRoot").asText());
            body.path("totals").forEach(total -> out.printf(Locale.ROOT, "  %-8s %s (%,d rows)%n",
                    total.path("asset").asText(), total.path("total").asText(), total.path("rows").asLong()));
            out.println("seal it with: POST /incidents/" + incidentId + "/snapshot/seal {\"importId\": \"" + id + "\"}");
            return 0;
        }
        err.printf("refused (HTTP %d): %s%n", response.statusCode(), body.path("detail").asText(response.body()));
        body.path("errors").forEach(error -> err.printf("  %s: %s%n", error.path("field").asText(), error.path("message").asText()));
        return 1;
    }

    static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String withoutGzip = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        return withoutGzip.endsWith(".ndjson") || withoutGzip.endsWith(".jsonl") ? "application/x-ndjson" : "text/csv";
    }

    private static InputStream counting(Path file, AtomicLong sent) {
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int read = super.read(buffer, offset, length);
                    if (read > 0) {
                        sent.addAndGet(read);
                    }
                    return read;
                }
            };
        } catch (IOException unreadable) {
            throw new java.io.UncheckedIOException(unreadable);
        }
    }
}

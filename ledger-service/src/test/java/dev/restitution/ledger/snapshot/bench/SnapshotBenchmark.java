package dev.restitution.ledger.snapshot.bench;

import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * On demand only (the class name matches none of Surefire's default test patterns):
 * <pre>./mvnw -B -pl ledger-service verify -Dtest=SnapshotBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.rows=10000000</pre>
 * Writes a CSV of {@code bench.rows} rows (two assets, random amounts), uploads it through the real
 * endpoint, seals it, and in the same run loads the same file with PostgreSQL's own COPY into a plain
 * table; prints rows per second, the peak Java heap of the import and seal, and the ratio to COPY.
 */
@QuarkusTest
class SnapshotBenchmark {

    private static final int ROWS = Integer.getInteger("bench.rows", 1_000_000);
    /** Ten million rows take longer than the test client's default 30 s read timeout. */
    private static final int READ_TIMEOUT_MILLIS = 600_000;

    @Inject
    DataSource dataSource;

    @Test
    void importAndSealAgainstPlainCopy() throws Exception {
        // Why: the goal is a 10-million-row snapshot sealed in under 60 s, within 1.5x of PostgreSQL's own COPY.
        Path file = Files.createTempFile("snapshot-bench-", ".csv");
        try {
            long generating = System.nanoTime();
            write(file, ROWS);
            System.out.printf("BENCH generated %,d rows, %,d bytes in %.1f s%n", ROWS, Files.size(file), seconds(generating));

            String incident = declareIncident();
            String importId = UUID.randomUUID().toString();
            resetPeaks();
            long importing = System.nanoTime();
            given().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                            .setParam("http.socket.timeout", READ_TIMEOUT_MILLIS)))
                    .auth().oauth2(tokenFor(DemoUsers.IAN)).contentType("text/csv").body(file.toFile())
                    .when().put("/incidents/{incident}/snapshot/imports/{import}", incident, importId)
                    .then().statusCode(201);
            double importSeconds = seconds(importing);
            long sealing = System.nanoTime();
            given().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                            .setParam("http.socket.timeout", READ_TIMEOUT_MILLIS)))
                    .auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON)
                    .body("{\"importId\": \"" + importId + "\"}")
                    .when().post("/incidents/{incident}/snapshot/seal", incident)
                    .then().statusCode(200);
            double sealSeconds = seconds(sealing);
            long peakHeap = peakHeapBytes();

            double copySeconds = plainCopy(file);
            double total = importSeconds + sealSeconds;
            System.out.printf("BENCH import (upload, validate, hash, COPY, tree) %.1f s, seal %.2f s, total %.1f s%n",
                    importSeconds, sealSeconds, total);
            System.out.printf("BENCH %,d rows/s end to end; peak Java heap %,d MiB%n", Math.round(ROWS / total), peakHeap >> 20);
            System.out.printf("BENCH plain COPY of the same file %.1f s (%,d rows/s); ratio %.2fx%n",
                    copySeconds, Math.round(ROWS / copySeconds), total / copySeconds);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void write(Path file, int rows) throws IOException {
        Random random = new Random(42);
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            writer.write("account_id,asset,amount\n");
            for (int row = 0; row < rows; row++) {
                writer.write("ACC-");
                writer.write(Integer.toString(row / 2));
                writer.write(row % 2 == 0 ? ",ETH," : ",USDT,");
                writer.write(Long.toString(random.nextLong() & 0xffffffffffffL));
                writer.write('\n');
            }
        }
    }

    private double plainCopy(Path file) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("drop table if exists bench_plain_copy");
            statement.execute("create table bench_plain_copy (account_id varchar(128) not null, asset varchar(16) not null,"
                    + " amount numeric(78,0) not null)");
            long copying = System.nanoTime();
            try (InputStream input = Files.newInputStream(file)) {
                long copied = connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("copy bench_plain_copy from stdin with (format csv, header true)", input, 1 << 16);
                assertEquals(ROWS, copied);
            }
            double copySeconds = seconds(copying);
            statement.execute("drop table bench_plain_copy");
            return copySeconds;
        }
    }

    private static String declareIncident() {
        return given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON).body("""
                        {"exchange": "BenchEx", "title": "Benchmark %s", "cutoffAt": "%s",
                         "assets": [{"symbol": "ETH", "chainId": 1, "decimals": 18},
                                    {"symbol": "USDT", "chainId": 1, "tokenContract": "0xdAC17F958D2ee523a2206206994597C13D831ec7", "decimals": 6}]}
                        """.formatted(UUID.randomUUID(), Instant.now().minus(1, ChronoUnit.HOURS)))
                .when().post("/incidents").then().statusCode(201).extract().path("id");
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}

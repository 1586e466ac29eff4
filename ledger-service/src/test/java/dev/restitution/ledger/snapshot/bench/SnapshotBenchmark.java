package dev.restitution.ledger.snapshot.bench;

import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.ledger.LedgerTestInfrastructure;
import dev.restitution.ledger.snapshot.domain.Keccak256;
import dev.restitution.ledger.snapshot.domain.SnapshotLeaves;
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
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * On demand only (the class name matches none of Surefire's default test patterns):
 * <pre>./mvnw -B -pl ledger-service verify -Dtest=SnapshotBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.rows=10000000</pre>
 * Writes a CSV of {@code bench.rows} rows (two assets, random amounts), uploads it through the real
 * endpoint, seals it, and in the same run loads the same file with PostgreSQL's own COPY into a plain
 * table; prints rows per second, the peak Java heap of the import and seal, the ratio to COPY, and the
 * least time any import must take on this machine: COPY's plus the hashing's CPU time over its cores.
 */
@QuarkusTest
class SnapshotBenchmark {

    private static final int ROWS = Integer.getInteger("bench.rows", 1_000_000);
    /** Ten million rows take longer than the test client's default 30 s read timeout. */
    private static final int READ_TIMEOUT_MILLIS = 600_000;

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
            printHashingFloor(copySeconds);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * What the import cannot avoid beyond COPY, measured: the CPU time of hashing every row into its leaf
     * (AES salt, account commitment, double-hashed leaf) and every inner node of the tree, on one thread.
     * COPY keeps one core busy on PostgreSQL's side for as long as it runs, so on {@code cores} cores the
     * import cannot end before {@code (copy + hashing) / cores}, whatever is overlapped with what.
     */
    private static void printHashingFloor(double copySeconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SnapshotLeaves leaves = new SnapshotLeaves(new byte[SnapshotLeaves.SECRET_BYTES]);
        Random random = new Random(42);
        byte[] salt = new byte[SnapshotLeaves.SALT_BYTES];
        byte[] commitment = new byte[Keccak256.HASH_BYTES];
        byte[] leaf = new byte[Keccak256.HASH_BYTES];
        byte[] pair = new byte[2 * Keccak256.HASH_BYTES];
        Keccak256 keccak = new Keccak256();
        long checksum = 0;
        long started = threads.getCurrentThreadCpuTime();
        for (int row = 0; row < ROWS; row++) {
            String account = "ACC-" + (row / 2);
            String asset = row % 2 == 0 ? "ETH" : "USDT";
            BigInteger amount = BigInteger.valueOf(random.nextLong() & 0xffffffffffffL);
            leaves.salt(row, salt, 0);
            leaves.rowLeaf(salt, 0, account, asset, amount, commitment, leaf, 0);
            checksum += leaf[0];
        }
        long leavesDone = threads.getCurrentThreadCpuTime();
        for (int node = 0; node < ROWS - 1; node++) {
            pair[0] = (byte) node;
            keccak.hash(pair, 0, pair.length, pair, Keccak256.HASH_BYTES);
            checksum += pair[Keccak256.HASH_BYTES];
        }
        long nodesDone = threads.getCurrentThreadCpuTime();
        double leafSeconds = (leavesDone - started) / 1e9;
        double nodeSeconds = (nodesDone - leavesDone) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        double floor = Math.max(copySeconds, (copySeconds + leafSeconds + nodeSeconds) / cores);
        System.out.printf("BENCH hashing CPU on one thread: leaves %.1f s, inner nodes %.1f s (checksum %d); with COPY's"
                        + " %.1f s on %d cores the import cannot take less than %.1f s = %.2fx COPY%n", leafSeconds,
                nodeSeconds, checksum, copySeconds, cores, floor, floor / copySeconds);
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
        // The baseline table is created as the database's owner: the service's own role creates nothing.
        try (Connection connection = LedgerTestInfrastructure.ownerConnection(); Statement statement = connection.createStatement()) {
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

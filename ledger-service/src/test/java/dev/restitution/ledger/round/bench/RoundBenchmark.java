package dev.restitution.ledger.round.bench;

import static dev.restitution.ledger.LedgerTestInfrastructure.rows;
import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static dev.restitution.ledger.recovery.LedgerFixtures.balance;
import static dev.restitution.ledger.recovery.LedgerFixtures.book;
import static dev.restitution.ledger.recovery.LedgerFixtures.declareIncident;
import static dev.restitution.ledger.recovery.LedgerFixtures.startDistributing;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.ledger.recovery.RecoveryLedger;
import dev.restitution.ledger.recovery.domain.Transfer;
import dev.restitution.ledger.recovery.domain.TransferReason;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigInteger;
import java.sql.Connection;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.web3j.crypto.Keys;

/**
 * On demand only (the class name matches none of Surefire's default test patterns):
 * <pre>./mvnw -B -pl ledger-service verify -Dtest=RoundBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.lines=1000000</pre>
 * Loads {@code bench.lines} approved claim lines of one asset straight into PostgreSQL (COPY, with
 * their liability booked as one transfer), books a treasury contribution covering 40% through the
 * API, then times a round end to end through the API: the proposal (plan and digest over every
 * line) and the approval (plan again under lock, one entitlement row and one leaf of the round's tree
 * per line, EntitlementsIssued pages of 500 in the outbox, the lines' totals, the transfers), and prints
 * the peak Java heap.
 */
@QuarkusTest
class RoundBenchmark {

    private static final int LINES = Integer.getInteger("bench.lines", 1_000_000);
    private static final int READ_TIMEOUT_MILLIS = 1_800_000;
    private static final int ADDRESSES = 1_000;

    @Inject
    DataSource dataSource;

    @Inject
    RecoveryLedger ledger;

    @Test
    void roundOverOneMillionLines() throws Exception {
        // Why: a large exchange's incident has a million claim lines; a round must handle them in bounded time and memory.
        UUID incident = declareIncident("ETH");
        long loading = System.nanoTime();
        BigInteger approved = loadLines(incident);
        QuarkusTransaction.requiringNew().run(() -> ledger.lock(incident, "ETH").post(new Transfer(UUID.randomUUID(),
                incident, "ETH", TransferReason.CLAIM_APPROVED.posting(approved), TransferReason.CLAIM_APPROVED,
                "benchmark lines loaded by COPY", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), "bench:" + incident, "benchmark", Instant.now())));
        System.out.printf("BENCH loaded %,d lines (%s approved) in %.1f s%n", LINES, approved, seconds(loading));
        BigInteger funds = approved.multiply(BigInteger.TWO).divide(BigInteger.valueOf(5));
        book(incident, "ETH", "TREASURY_CONTRIBUTION", funds.longValueExact());
        startDistributing(incident);

        resetPeaks();
        long proposing = System.nanoTime();
        String roundId = given().config(longReads()).auth().oauth2(tokenFor(DemoUsers.FIONA))
                .contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"note\": \"benchmark\"}")
                .when().post("/incidents/" + incident + "/rounds").then().statusCode(201).extract().path("id");
        double proposeSeconds = seconds(proposing);
        long approving = System.nanoTime();
        given().config(longReads()).auth().oauth2(tokenFor(DemoUsers.FRANK)).contentType(ContentType.JSON)
                .body("{\"reason\": \"benchmark\"}")
                .when().post("/rounds/" + roundId + "/approval").then().statusCode(200);
        double approveSeconds = seconds(approving);
        long peakHeap = peakHeapBytes();

        long entitlements = rows("entitlement where round_id = '" + roundId + "'");
        assertEquals(LINES, entitlements);
        assertEquals("0", balance(incident, "ETH", "AVAILABLE"));
        System.out.printf("BENCH round over %,d lines: propose %.1f s (%,d lines/s), approve %.1f s (%,d lines/s: "
                        + "%,d entitlements, their tree and %,d event pages written); peak Java heap %,d MiB%n",
                LINES, proposeSeconds, Math.round(LINES / proposeSeconds), approveSeconds,
                Math.round(LINES / approveSeconds), entitlements, (entitlements + EventTypes.ENTITLEMENTS_PER_PAGE - 1) / EventTypes.ENTITLEMENTS_PER_PAGE, peakHeap >> 20);
        System.out.printf("BENCH dust %s, entitled %s of %s available%n", balance(incident, "ETH", "DUST"),
                balance(incident, "ETH", "ENTITLEMENTS"), funds);
    }

    /** COPY of the lines, amounts up to 1e9 so the whole incident fits a long for the treasury booking. */
    private BigInteger loadLines(UUID incident) throws Exception {
        Random random = new Random(42);
        String[] addresses = new String[ADDRESSES];
        for (int index = 0; index < ADDRESSES; index++) {
            byte[] bytes = new byte[20];
            random.nextBytes(bytes);
            addresses[index] = Keys.toChecksumAddress("0x" + HexFormat.of().formatHex(bytes));
        }
        BigInteger total = BigInteger.ZERO;
        StringBuilder csv = new StringBuilder(LINES * 180);
        String now = Instant.now().toString();
        for (int line = 0; line < LINES; line++) {
            long amount = 1 + (random.nextLong() & 0x3fffffffL);
            total = total.add(BigInteger.valueOf(amount));
            csv.append(UUID.randomUUID()).append(',').append(UUID.randomUUID()).append(',').append(incident)
                    .append(",ACC-").append(line).append(",ETH,").append(amount).append(',')
                    .append(addresses[line % ADDRESSES]).append(',').append(now).append(',').append(UUID.randomUUID())
                    .append('\n');
        }
        try (Connection connection = dataSource.getConnection()) {
            long copied = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    copy claim_line (line_id, claim_id, incident_id, account_id, asset, approved, payout_address,
                        approved_at, event_id) from stdin with (format csv)""", new StringReader(csv.toString()));
            assertEquals(LINES, copied);
        }
        return total;
    }

    private static RestAssuredConfig longReads() {
        return RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", READ_TIMEOUT_MILLIS));
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

package dev.restitution.ledger.snapshot.api;

import static dev.restitution.ledger.LedgerTestInfrastructure.rows;
import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.CSV;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.NDJSON;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.declareIncident;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.gzip;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.loaded;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.rowsOf;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.upload;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.uploadNothing;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SnapshotImportTest {

    private static final String THREE_ROWS = """
            account_id,asset,amount
            ACC-1,ETH,1500000000000000000
            ACC-1,USDT,250000000
            ACC-2,ETH,500000000000000000
            """;

    @Inject
    DataSource dataSource;

    @Test
    void aValidCsvIsLoadedWithTotalsAndRootButNotYetSealed() {
        // Why: the admin reviews row count, totals and root of a loaded import before sealing it.
        String incident = declareIncident();
        String importId = UUID.randomUUID().toString();
        upload(incident, importId, THREE_ROWS)
                .statusCode(201)
                .header("Location", endsWith("/incidents/" + incident + "/snapshot/imports/" + importId))
                .body("state", equalTo("LOADED"), "format", equalTo("CSV"), "gzip", equalTo(false),
                        "rowCount", equalTo(3), "rowsRead", equalTo(3), "errorCount", equalTo(0),
                        "merkleRoot", matchesPattern("^0x[0-9a-f]{64}$"),
                        "totals.asset", contains("ETH", "USDT"),
                        "totals.total", contains("2000000000000000000", "250000000"),
                        "totals.rows", contains(2, 1));
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY))
                .when().get("/incidents/{incident}/snapshot/imports/{import}", incident, importId)
                .then().statusCode(200).body("state", equalTo("LOADED"), "rowCount", equalTo(3));
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/incidents/{incident}/snapshot", incident)
                .then().statusCode(404);
        assertEquals(3, rowsOf(importId));
    }

    @Test
    void gzipNdjsonWithDecimalAmountsConvertsExactly() {
        // Why: exports arrive compressed and in whole units; 0.1 ETH must become exactly 10^17 wei.
        String incident = declareIncident();
        byte[] body = gzip("""
                {"account_id": "ACC-1", "asset": "ETH", "amount": "0.1"}
                {"account_id": "ACC-2", "asset": "ETH", "amount": "0.2"}
                {"account_id": "ACC-2", "asset": "USDT", "amount": "1234.567891"}
                """);
        upload(incident, UUID.randomUUID().toString(), NDJSON, body, "DECIMAL")
                .statusCode(201)
                .body("state", equalTo("LOADED"), "format", equalTo("NDJSON"), "gzip", equalTo(true),
                        "amountFormat", equalTo("DECIMAL"),
                        "totals.total", contains("300000000000000000", "1234567891"));
    }

    @Test
    void everyKindOfBadFileIsRefusedAsAWholeWithLineNumbers() {
        // Why: a bad export must be refused entirely, each mistake named by line, and nothing of it kept.
        Map<String, List<Object>> cases = Map.of(
                "account_id,asset,amount\nACC-1,ETH,1\nACC-2,DOGE,5\n", List.of("line[3].asset", "unknown asset"),
                "account_id,asset,amount\nACC-1,ETH,1\nACC-2,ETH,-5\n", List.of("line[3].amount", "negative"),
                "account_id,asset,amount\nACC-1,ETH,1\nACC-2,ETH,12abc\n", List.of("line[3].amount", "digits"),
                "account_id,asset,amount\nACC-1,ETH,1\nACC-1,USDT,1\nACC-1,ETH,2\n", List.of("line[4]", "duplicate of line 2"),
                "", List.of("file", "empty"),
                "account_id,asset,amount\n", List.of("file", "no rows"),
                "account,asset,amount\nACC-1,ETH,1\n", List.of("line[1].header", "header"),
                "account_id,asset,amount\nACC 1,ETH,1\n", List.of("line[2].account_id", "account_id"));
        String incident = declareIncident();
        cases.forEach((csv, expected) -> {
            String importId = UUID.randomUUID().toString();
            (csv.isEmpty() ? uploadNothing(incident, importId) : upload(incident, importId, csv))
                    .statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("/problems/invalid-file"),
                            "errors.field", hasItem(expected.get(0)),
                            "errors.find { it.field == '" + expected.get(0) + "' }.message",
                            org.hamcrest.Matchers.containsString((String) expected.get(1)));
            given().auth().oauth2(tokenFor(DemoUsers.IAN))
                    .when().get("/incidents/{incident}/snapshot/imports/{import}", incident, importId)
                    .then().statusCode(200).body("state", equalTo("REJECTED"), "errors.field", hasItem(expected.get(0)));
            assertEquals(0, rowsOf(importId), csv);
        });
        upload(incident, UUID.randomUUID().toString(), CSV, "account_id,asset,amount\nACC-1,ETH,1.0000000000000000001\n"
                .getBytes(StandardCharsets.UTF_8), "DECIMAL")
                .statusCode(400).body("errors[0].field", equalTo("line[2].amount"),
                        "errors[0].message", equalTo("amount has 19 decimals but ETH has only 18"));
        assertEquals(0, rows("snapshot_import where incident_id = '" + incident + "' and state = 'LOADED'"));
    }

    @Test
    void rowsWhoseSumPassesUint256AreRefusedAndNothingIsKept() {
        // Why: every row may be a uint256 while their total is not; such a total can never be booked or paid.
        String incident = declareIncident();
        String importId = UUID.randomUUID().toString();
        String max = dev.restitution.kit.money.Uint256.MAX.toString();
        upload(incident, importId, "account_id,asset,amount\nACC-1,ETH," + max + "\nACC-2,ETH,1\nACC-1,USDT,5\n")
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("/problems/invalid-file"), "errors.field", contains("file"),
                        "errors[0].message", org.hamcrest.Matchers.containsString("amounts of ETH add up to"));
        assertEquals(0, rowsOf(importId));
        assertEquals(0, rows("snapshot_import where incident_id = '" + incident + "' and state = 'LOADED'"));
    }

    @Test
    void aCorruptGzipBodyIsRefused() {
        // Why: a truncated compressed upload must not import the rows that happened to decompress.
        byte[] whole = gzip(THREE_ROWS);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 12);
        String incident = declareIncident();
        upload(incident, UUID.randomUUID().toString(), CSV, cut, null)
                .statusCode(400).body("errors[0].field", equalTo("file"), "errors[0].message", startsWith("the gzip stream"));
    }

    @Test
    void reuploadingBeforeSealingReplacesThePreviousImport() {
        // Why: a corrected export replaces the first one; only one import of an incident is current.
        String incident = declareIncident();
        String first = loaded(incident, THREE_ROWS);
        String second = loaded(incident, "account_id,asset,amount\nACC-9,USDT,42\n");
        given().auth().oauth2(tokenFor(DemoUsers.IAN))
                .when().get("/incidents/{incident}/snapshot/imports/{import}", incident, first)
                .then().statusCode(200).body("state", equalTo("SUPERSEDED"));
        given().auth().oauth2(tokenFor(DemoUsers.IAN))
                .when().get("/incidents/{incident}/snapshot/imports/{import}", incident, second)
                .then().statusCode(200).body("state", equalTo("LOADED"), "totals.total", contains("42"));
        assertEquals(0, rowsOf(first));
        assertEquals(0, rows("snapshot_tree_chunk where import_id = '" + first + "'"));
        assertEquals(1, rowsOf(second));
    }

    @Test
    void anImportIdIsUsedOnce() {
        // Why: the import id is the upload's identity; a second body under the same id would rewrite history.
        String incident = declareIncident();
        String importId = loaded(incident, THREE_ROWS);
        upload(incident, importId, THREE_ROWS).statusCode(409).body("type", equalTo("/problems/import-exists"));
    }

    @Test
    void aSecondImportWhileOneRunsIsRefusedAndWritesNothing() throws Exception {
        // Why: one import per incident at a time; the lock an import holds is what a second one meets.
        String incident = declareIncident();
        UUID id = UUID.fromString(incident);
        long importsBefore = rows("snapshot_import");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement lock = connection.prepareStatement("select pg_advisory_lock(?)")) {
            lock.setLong(1, id.getMostSignificantBits() ^ id.getLeastSignificantBits());
            lock.execute();
            upload(incident, UUID.randomUUID().toString(), THREE_ROWS)
                    .statusCode(409).body("type", equalTo("/problems/import-running"));
            try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock_all()")) {
                unlock.execute();
            }
        }
        assertEquals(importsBefore, rows("snapshot_import"));
    }

    @Test
    void onlyAnIncidentAdminUploads() {
        // Why: the snapshot decides what every user is owed; nobody else may feed it.
        String incident = declareIncident();
        for (String user : List.of(DemoUsers.ALICE, DemoUsers.AUDREY, DemoUsers.FIONA)) {
            given().auth().oauth2(tokenFor(user)).contentType(CSV).body(THREE_ROWS)
                    .when().put("/incidents/{incident}/snapshot/imports/{import}", incident, UUID.randomUUID())
                    .then().statusCode(403);
        }
        given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(CSV).body(THREE_ROWS)
                .when().put("/incidents/{incident}/snapshot/imports/{import}", UUID.randomUUID(), UUID.randomUUID())
                .then().statusCode(404);
    }

    @Test
    void progressIsVisibleWhileALargeImportRuns() throws Exception {
        // Why: an operator watching a multi-million-row import must see rows so far and the rate.
        String incident = declareIncident();
        String importId = UUID.randomUUID().toString();
        int rowCount = 400_000;
        StringBuilder csv = new StringBuilder("account_id,asset,amount\n");
        for (int row = 0; row < rowCount; row++) {
            csv.append("ACC-").append(row).append(",ETH,").append(row + 1).append('\n');
        }
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
        CompletableFuture<Integer> uploading = CompletableFuture.supplyAsync(
                () -> upload(incident, importId, CSV, body, null).extract().statusCode());
        long seenRows = 0;
        long seenRate = 0;
        while (!uploading.isDone()) {
            var progress = given().auth().oauth2(tokenFor(DemoUsers.IAN))
                    .when().get("/incidents/{incident}/snapshot/imports/{import}", incident, importId).then().extract();
            if (progress.statusCode() == 200 && "RECEIVING".equals(progress.path("state"))) {
                seenRows = Math.max(seenRows, ((Number) progress.path("rowsRead")).longValue());
                seenRate = Math.max(seenRate, ((Number) progress.path("rowsPerSecond")).longValue());
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertEquals(201, uploading.get());
        assertTrue(seenRows > 0 && seenRows < rowCount, "progress seen while running: " + seenRows + " rows");
        assertTrue(seenRate > 0, "a rate was reported");
        given().auth().oauth2(tokenFor(DemoUsers.IAN))
                .when().get("/incidents/{incident}/snapshot/imports/{import}", incident, importId)
                .then().statusCode(200).body("state", equalTo("LOADED"), "rowsRead", equalTo(rowCount));
    }
}

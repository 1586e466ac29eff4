package dev.restitution.ledger.snapshot.api;

import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.ledger.LedgerTestInfrastructure;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/** Incidents and balances files for the snapshot tests: each test declares its own incident. */
final class SnapshotFixtures {

    static final String CSV = "text/csv";
    static final String NDJSON = "application/x-ndjson";

    private SnapshotFixtures() {
    }

    /** A DECLARED incident with ETH (18 decimals) and USDT (6 decimals); returns its id. */
    static String declareIncident() {
        return given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON).body("""
                        {"exchange": "CoinEx", "title": "Snapshot %s", "cutoffAt": "%s",
                         "assets": [{"symbol": "ETH", "chainId": 1, "decimals": 18},
                                    {"symbol": "USDT", "chainId": 1, "tokenContract": "0xdAC17F958D2ee523a2206206994597C13D831ec7", "decimals": 6}]}
                        """.formatted(UUID.randomUUID(), Instant.now().minus(1, ChronoUnit.HOURS)))
                .when().post("/incidents")
                .then().statusCode(201).extract().path("id");
    }

    static ValidatableResponse upload(String incidentId, String importId, String contentType, byte[] body, String amountFormat) {
        var request = given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(contentType).body(body);
        if (amountFormat != null) {
            request = request.queryParam("amountFormat", amountFormat);
        }
        return request.when().put("/incidents/{incident}/snapshot/imports/{import}", incidentId, importId).then();
    }

    /** An upload without a file, which the document forbids: sent on purpose to see it refused. */
    static ValidatableResponse uploadNothing(String incidentId, String importId) {
        return given().filter(invalidRequestOnPurpose()).auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(CSV)
                .body(new byte[0]).when().put("/incidents/{incident}/snapshot/imports/{import}", incidentId, importId).then();
    }

    static ValidatableResponse upload(String incidentId, String importId, String csv) {
        return upload(incidentId, importId, CSV, csv.getBytes(StandardCharsets.UTF_8), null);
    }

    /** Uploads a valid CSV and returns its import id. */
    static String loaded(String incidentId, String csv) {
        String importId = UUID.randomUUID().toString();
        upload(incidentId, importId, csv).statusCode(201);
        return importId;
    }

    static ValidatableResponse seal(String incidentId, String importId) {
        return given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON)
                .body("{\"importId\": \"" + importId + "\"}")
                .when().post("/incidents/{incident}/snapshot/seal", incidentId).then();
    }

    static byte[] gzip(String content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    /** Rows of an import in snapshot_row, straight from PostgreSQL. */
    static long rowsOf(String importId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Panache.getEntityManager()
                .createNativeQuery("select count(*) from snapshot_row where import_id = cast(:id as uuid)")
                .setParameter("id", importId).getSingleResult()).longValue());
    }

    /**
     * Runs one SQL statement as the database's owner (who has every privilege the service's own role lacks, so
     * only the triggers and constraints stand in the way); returns the database's error message, or null when
     * it succeeded.
     */
    static String sqlError(String sql) {
        try (Connection owner = LedgerTestInfrastructure.ownerConnection(); Statement statement = owner.createStatement()) {
            statement.execute(sql);
            return null;
        } catch (SQLException refused) {
            StringBuilder messages = new StringBuilder();
            for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
                messages.append(cause.getMessage()).append('\n');
            }
            return messages.toString();
        }
    }

    static String partitionOf(String importId) {
        return "snapshot_row_" + importId.replace("-", "");
    }
}

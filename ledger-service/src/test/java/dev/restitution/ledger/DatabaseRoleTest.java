package dev.restitution.ledger;

import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.ServiceRoleProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DatabaseRoleTest {

    /** The tables whose triggers keep sealed snapshots, transfers, claim lines, entitlements and audit entries immutable. */
    private static final List<String> IMMUTABLE_TABLES = List.of("snapshot_import", "snapshot_row", "snapshot_asset_total",
            "snapshot_tree_chunk", "snapshot_leaf_rank_chunk", "ledger_transfer", "claim_line", "entitlement", "audit_entry", "dead_letter_replay");
    private static final List<String> APPEND_ONLY_TABLES = List.of("ledger_transfer", "audit_entry", "dead_letter_replay");

    @Inject
    DataSource dataSource;

    @Test
    void theServicesOwnRoleCannotSwitchOffOrBypassWhatKeepsRecordsImmutable() throws SQLException {
        // Why: a service role that owns its tables could disable the triggers and rewrite a sealed snapshot,
        // a transfer or the audit log; the service connects as a role that owns nothing, and still works.
        String sealedImport = sealedSnapshotThroughTheApi();
        String sealedPartition = "snapshot_row_" + sealedImport.replace("-", "");
        try (Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("select current_user")) {
                result.next();
                assertEquals("ledger_app", result.getString(1));
            }
            assertEquals(List.of(), ServiceRoleProbe.ownedRelations(connection), "the service's role owns nothing");
            List<String> tables = new ArrayList<>(IMMUTABLE_TABLES);
            tables.add(sealedPartition);
            List<String> permitted = ServiceRoleProbe.permittedTampering(connection, tables, APPEND_ONLY_TABLES);
            assertTrue(permitted.isEmpty(), String.join("\n", permitted));
            // The one schema change of a snapshot the role may ask for that removes rows spares a sealed import.
            SQLException refused = assertThrows(SQLException.class, () -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("select snapshot_partition_drop_loaded('" + sealedImport + "')");
                }
            });
            assertTrue(refused.getMessage().contains("is not LOADED"), refused.getMessage());
        }
    }

    /** Declares an incident, uploads and seals its snapshot through the API; returns the sealed import's id. */
    private static String sealedSnapshotThroughTheApi() {
        String incident = given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON).body("""
                        {"exchange": "CoinEx", "title": "Roles %s", "cutoffAt": "%s",
                         "assets": [{"symbol": "ETH", "chainId": 1, "decimals": 18}]}
                        """.formatted(UUID.randomUUID(), Instant.now().minus(1, ChronoUnit.HOURS)))
                .when().post("/incidents").then().statusCode(201).extract().path("id");
        String importId = UUID.randomUUID().toString();
        given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType("text/csv")
                .body("account_id,asset,amount\nACC-1,ETH,1500000000000000000\nACC-2,ETH,5\n")
                .when().put("/incidents/{incident}/snapshot/imports/{import}", incident, importId).then().statusCode(201);
        given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON).body("{\"importId\": \"" + importId + "\"}")
                .when().post("/incidents/{incident}/snapshot/seal", incident).then().statusCode(200);
        return importId;
    }
}

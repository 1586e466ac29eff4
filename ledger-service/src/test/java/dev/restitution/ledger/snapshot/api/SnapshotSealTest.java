package dev.restitution.ledger.snapshot.api;

import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.declareIncident;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.loaded;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.partitionOf;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.rowsOf;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.seal;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.sqlError;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.upload;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.contracts.events.EventCodec;
import dev.restitution.contracts.events.EventEnvelope;
import dev.restitution.contracts.events.EventTypes;
import dev.restitution.contracts.events.SnapshotSealed;
import dev.restitution.contracts.events.Topics;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SnapshotSealTest {

    private static final String ROWS = """
            account_id,asset,amount
            ACC-1,ETH,1500000000000000000
            ACC-1,USDT,250000000
            ACC-2,ETH,500000000000000000
            """;

    private final KafkaCompanion kafka = new KafkaCompanion(
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    @Test
    void sealingFreezesTheSnapshotMovesTheIncidentAndPublishesSnapshotSealed() {
        // Why: the root and totals are the public commitment; claims-service learns of it only through the event.
        String incident = declareIncident();
        String importId = loaded(incident, ROWS);
        String root = seal(incident, importId)
                .statusCode(200)
                .body("importId", equalTo(importId), "rowCount", equalTo(3),
                        "leafEncoding", contains("bytes32", "string", "uint256"),
                        "totals.total", contains("2000000000000000000", "250000000"))
                .extract().path("merkleRoot");
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/incidents/{incident}", incident)
                .then().statusCode(200).body("state", equalTo("SNAPSHOT_SEALED"));
        given().auth().oauth2(tokenFor(DemoUsers.FIONA)).when().get("/incidents/{incident}/snapshot", incident)
                .then().statusCode(200).body("merkleRoot", equalTo(root), "sealedBy", equalTo(
                        given().auth().oauth2(tokenFor(DemoUsers.IAN)).when().get("/incidents/{incident}", incident)
                                .then().extract().path("declaredBy")));
        given().auth().oauth2(tokenFor(DemoUsers.IAN))
                .when().get("/incidents/{incident}/snapshot/imports/{import}", incident, importId)
                .then().statusCode(200).body("state", equalTo("SEALED"));

        EventCodec codec = new EventCodec();
        try (var consumer = kafka.consumeStrings().fromTopics(Topics.LEDGER_INCIDENTS)) {
            EventEnvelope event = await().atMost(Duration.ofSeconds(30)).until(
                    () -> consumer.getRecords().stream().map(record -> codec.decode(record.value()))
                            .filter(envelope -> incident.equals(envelope.subject())
                                    && EventTypes.SNAPSHOT_SEALED.equals(envelope.type()))
                            .findFirst(),
                    Optional::isPresent).orElseThrow();
            SnapshotSealed payload = codec.payload(event, SnapshotSealed.class);
            assertEquals(root, payload.getMerkleRoot());
            assertEquals(3L, payload.getRowCount());
            assertEquals(UUID.fromString(importId), payload.getImportId());
            assertEquals("2000000000000000000", payload.getTotals().getFirst().getTotal());
        }
    }

    @Test
    void aSealedSnapshotRefusesEveryFurtherImportAndSeal() {
        // Why: a sealed snapshot never changes; every attempt is a conflict and changes nothing.
        String incident = declareIncident();
        String importId = loaded(incident, ROWS);
        seal(incident, importId).statusCode(200);
        upload(incident, UUID.randomUUID().toString(), ROWS)
                .statusCode(409).body("type", equalTo("/problems/snapshot-sealed"));
        seal(incident, importId).statusCode(409).body("type", equalTo("/problems/snapshot-sealed"));
        assertEquals(3, rowsOf(importId));
    }

    @Test
    void theDatabaseItselfRefusesChangesToASealedSnapshot() {
        // Why: immutability must hold even against a bug or a hand-typed statement, not only in the service.
        String incident = declareIncident();
        String importId = loaded(incident, ROWS);
        seal(incident, importId).statusCode(200);
        String partition = partitionOf(importId);
        List<String> attempts = List.of(
                "update snapshot_row set amount = amount + 1 where import_id = '" + importId + "'",
                "delete from snapshot_row where import_id = '" + importId + "'",
                "insert into " + partition + " (import_id, row_no, account_id, asset, amount) values ('" + importId
                        + "', 99, 'ACC-X', 'ETH', 1)",
                "insert into snapshot_row (import_id, row_no, account_id, asset, amount) values ('" + importId
                        + "', 99, 'ACC-X', 'ETH', 1)",
                "truncate " + partition,
                "update snapshot_import set merkle_root = merkle_root where id = '" + importId + "'",
                "delete from snapshot_import where id = '" + importId + "'",
                "update snapshot_asset_total set total = total + 1 where import_id = '" + importId + "'",
                "delete from snapshot_tree_chunk where import_id = '" + importId + "'",
                "update snapshot_leaf_rank_chunk set ranks = ranks where import_id = '" + importId + "'",
                "insert into snapshot_tree_chunk (import_id, chunk_no, nodes) values ('" + importId + "', 999, '\\x00')");
        for (String attempt : attempts) {
            String error = sqlError(attempt);
            assertNotNull(error, "the database accepted: " + attempt);
            assertTrue(error.contains("sealed") || error.contains(partition + "_sealed"), attempt + " -> " + error);
        }
        assertEquals(3, rowsOf(importId));
    }

    @Test
    void onlyALoadedImportOfTheIncidentCanBeSealed() {
        // Why: sealing a refused, replaced or unknown import would commit to the wrong rows.
        String incident = declareIncident();
        String first = loaded(incident, ROWS);
        String second = loaded(incident, ROWS);
        seal(incident, first).statusCode(409).body("type", equalTo("/problems/import-not-loaded"));
        seal(incident, UUID.randomUUID().toString()).statusCode(404);
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).contentType(ContentType.JSON)
                .body("{\"importId\": \"" + second + "\"}")
                .when().post("/incidents/{incident}/snapshot/seal", incident).then().statusCode(403);
        given().auth().oauth2(tokenFor(DemoUsers.IAN)).when().get("/incidents/{incident}", incident)
                .then().body("state", equalTo("DECLARED"));
    }

    @Test
    void afterSealingTheIncidentMovesOnOnlyAsEachRoleMay() {
        // Why: opening and closing claims, distributing and closing follow one order, each by its role.
        String incident = declareIncident();
        transition(DemoUsers.IAN, incident, "SNAPSHOT_SEALED").statusCode(409)
                .body("type", equalTo("/problems/snapshot-not-sealed"));
        transition(DemoUsers.IAN, incident, "CLAIMS_OPEN").statusCode(409)
                .body("type", equalTo("/problems/invalid-transition"));
        seal(incident, loaded(incident, ROWS)).statusCode(200);
        transition(DemoUsers.FIONA, incident, "CLAIMS_OPEN").statusCode(403);
        transition(DemoUsers.AUDREY, incident, "CLAIMS_OPEN").statusCode(403);
        transition(DemoUsers.IAN, incident, "CLAIMS_OPEN").statusCode(200).body("state", equalTo("CLAIMS_OPEN"));
        transition(DemoUsers.IAN, incident, "DISTRIBUTING").statusCode(409);
        transition(DemoUsers.IAN, incident, "CLAIMS_CLOSED").statusCode(200).body("state", equalTo("CLAIMS_CLOSED"));
        transition(DemoUsers.FIONA, incident, "DISTRIBUTING").statusCode(200).body("state", equalTo("DISTRIBUTING"));
        transition(DemoUsers.IAN, incident, "CLOSED").statusCode(200).body("state", equalTo("CLOSED"));
        transition(DemoUsers.IAN, incident, "CLAIMS_OPEN").statusCode(409);
        given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON).body("{\"to\": \"CLOSED\"}")
                .when().post("/incidents/{incident}/transitions", incident)
                .then().statusCode(400).body("errors.field", contains("reason"));
    }

    private static io.restassured.response.ValidatableResponse transition(String user, String incident, String to) {
        return given().auth().oauth2(tokenFor(user)).contentType(ContentType.JSON)
                .body("{\"to\": \"" + to + "\", \"reason\": \"test step\"}")
                .when().post("/incidents/{incident}/transitions", incident).then();
    }
}

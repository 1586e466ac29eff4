package dev.restitution.ledger.snapshot.api;

import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static dev.restitution.ledger.LedgerTestInfrastructure.rows;
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
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.contracts.events.IncidentStateChanged;
import dev.restitution.contracts.events.SnapshotSealed;
import dev.restitution.kit.events.Topics;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
                                .then().extract().path("declaredBy")), "sealedBy.username", equalTo(DemoUsers.IAN));
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
            String cutoffAt = given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/incidents/{incident}", incident)
                    .then().extract().path("cutoffAt");
            assertEquals(java.time.Instant.parse(cutoffAt), payload.getCutoffAt().toInstant(),
                    "the cutoff travels with the seal: payout-service commits it on-chain");
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
        openClaims(DemoUsers.IAN, incident, Instant.now().plus(30, ChronoUnit.DAYS)).statusCode(409)
                .body("type", equalTo("/problems/invalid-transition"));
        seal(incident, loaded(incident, ROWS)).statusCode(200);
        openClaims(DemoUsers.FIONA, incident, Instant.now().plus(30, ChronoUnit.DAYS)).statusCode(403);
        openClaims(DemoUsers.AUDREY, incident, Instant.now().plus(30, ChronoUnit.DAYS)).statusCode(403);
        openClaims(DemoUsers.IAN, incident, Instant.now().plus(30, ChronoUnit.DAYS)).statusCode(200)
                .body("state", equalTo("CLAIMS_OPEN"));
        transition(DemoUsers.IAN, incident, "DISTRIBUTING").statusCode(409);
        transition(DemoUsers.IAN, incident, "CLAIMS_CLOSED").statusCode(200).body("state", equalTo("CLAIMS_CLOSED"));
        transition(DemoUsers.FIONA, incident, "DISTRIBUTING").statusCode(200).body("state", equalTo("DISTRIBUTING"));
        transition(DemoUsers.IAN, incident, "CLOSED").statusCode(200).body("state", equalTo("CLOSED"));
        openClaims(DemoUsers.IAN, incident, Instant.now().plus(30, ChronoUnit.DAYS)).statusCode(409);
        given().filter(invalidRequestOnPurpose()).auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON)
                .body("{\"to\": \"CLOSED\"}")
                .when().post("/incidents/{incident}/transitions", incident)
                .then().statusCode(400).body("errors.field", contains("reason"));
    }

    @Test
    void openingClaimsWithoutABarDateInTheFutureIsRefusedAndNothingIsWritten() {
        // Why: claimants must know until when they can claim; a missing or past bar date would close claims at once.
        String incident = declareIncident();
        seal(incident, loaded(incident, ROWS)).statusCode(200);
        long eventsBefore = rows("outbox_event where message_key = '" + incident + "'");
        long movesBefore = rows("incident_transition where incident_id = '" + incident + "'");

        transition(DemoUsers.IAN, incident, "CLAIMS_OPEN").statusCode(400)
                .body("type", equalTo("/problems/invalid-request"), "errors.field", contains("claimsDeadline"));
        openClaims(DemoUsers.IAN, incident, Instant.now().minus(1, ChronoUnit.MINUTES)).statusCode(400)
                .body("errors.field", contains("claimsDeadline"), "errors.message", contains("must be in the future"));

        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/incidents/{incident}", incident)
                .then().statusCode(200).body("state", equalTo("SNAPSHOT_SEALED"), "claimsDeadline", nullValue());
        assertEquals(eventsBefore, rows("outbox_event where message_key = '" + incident + "'"));
        assertEquals(movesBefore, rows("incident_transition where incident_id = '" + incident + "'"));
    }

    @Test
    void aBarDateIsSetOnlyByOpeningClaims() {
        // Why: once claimants were told a bar date, a later move must not shift it behind their backs.
        String incident = declareIncident();
        seal(incident, loaded(incident, ROWS)).statusCode(200);
        Instant deadline = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        openClaims(DemoUsers.IAN, incident, deadline).statusCode(200);
        given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON)
                .body("{\"to\": \"CLAIMS_CLOSED\", \"reason\": \"test step\", \"claimsDeadline\": \""
                        + deadline.plus(5, ChronoUnit.DAYS) + "\"}")
                .when().post("/incidents/{incident}/transitions", incident)
                .then().statusCode(400).body("errors.field", contains("claimsDeadline"));
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/incidents/{incident}", incident)
                .then().statusCode(200).body("state", equalTo("CLAIMS_OPEN"), "claimsDeadline", equalTo(deadline.toString()));
    }

    @Test
    void everyMoveOfTheIncidentIsPublishedAsIncidentStateChangedWithTheBarDateWhenClaimsOpen() {
        // Why: claims-service learns that claims are open, until when, and when they close only through these events.
        String incident = declareIncident();
        seal(incident, loaded(incident, ROWS)).statusCode(200);
        Instant deadline = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        openClaims(DemoUsers.IAN, incident, deadline).statusCode(200)
                .body("claimsDeadline", equalTo(deadline.toString()));
        transition(DemoUsers.IAN, incident, "CLAIMS_CLOSED").statusCode(200);
        transition(DemoUsers.FIONA, incident, "DISTRIBUTING").statusCode(200);
        transition(DemoUsers.IAN, incident, "CLOSED").statusCode(200);

        EventCodec codec = new EventCodec();
        try (var consumer = kafka.consumeStrings().fromTopics(Topics.LEDGER_INCIDENTS)) {
            List<IncidentStateChanged> changes = await().atMost(Duration.ofSeconds(30)).until(
                    () -> consumer.getRecords().stream()
                            .filter(record -> incident.equals(record.key()))
                            .map(record -> codec.decode(record.value()))
                            .filter(envelope -> EventTypes.INCIDENT_STATE_CHANGED.equals(envelope.type()))
                            .map(envelope -> codec.payload(envelope, IncidentStateChanged.class))
                            .toList(),
                    list -> list.size() == 5);
            assertEquals(List.of("DECLARED>SNAPSHOT_SEALED", "SNAPSHOT_SEALED>CLAIMS_OPEN", "CLAIMS_OPEN>CLAIMS_CLOSED",
                            "CLAIMS_CLOSED>DISTRIBUTING", "DISTRIBUTING>CLOSED"),
                    changes.stream().map(change -> change.getPreviousState() + ">" + change.getState()).toList());
            for (IncidentStateChanged change : changes) {
                assertEquals(UUID.fromString(incident), change.getIncidentId());
                assertNotNull(change.getChangedAt());
                if (change.getState() == IncidentStateChanged.IncidentLifecycleState.CLAIMS_OPEN) {
                    assertEquals(deadline, change.getClaimsDeadline().toInstant());
                } else {
                    assertNull(change.getClaimsDeadline(), change.getState().name());
                }
            }
        }
    }

    @Test
    void theIncidentsMovesItsImportsAndTheSealAreAuditedWithWhoBeforeAndAfter() {
        // Why: an auditor must be able to reconstruct who declared, imported, sealed and opened what, and when.
        String incident = declareIncident();
        String refused = UUID.randomUUID().toString();
        upload(incident, refused, "account_id,asset,amount\nACC-1,ETH,-5\n").statusCode(400);
        String importId = loaded(incident, ROWS);
        String root = seal(incident, importId).statusCode(200).extract().path("merkleRoot");
        Instant deadline = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        openClaims(DemoUsers.IAN, incident, deadline).statusCode(200);

        List<Object[]> rejected = auditOf(refused);
        assertEquals(List.of("SNAPSHOT_IMPORT_STARTED", "SNAPSHOT_IMPORT_REJECTED"), actions(rejected));
        assertTrue(((String) rejected.get(1)[3]).contains("\"state\":\"REJECTED\"")
                && ((String) rejected.get(1)[3]).contains("line[2].amount"), (String) rejected.get(1)[3]);

        List<Object[]> sealed = auditOf(importId);
        assertEquals(List.of("SNAPSHOT_IMPORT_STARTED", "SNAPSHOT_IMPORT_LOADED", "SNAPSHOT_SEALED"), actions(sealed));
        assertTrue(((String) sealed.get(0)[3]).contains("\"fileFormat\":\"CSV\""), (String) sealed.get(0)[3]);
        assertTrue(((String) sealed.get(1)[3]).contains("\"merkleRoot\":\"" + root + "\""), (String) sealed.get(1)[3]);
        assertEquals("{\"state\":\"LOADED\"}", sealed.get(2)[2]);
        assertTrue(((String) sealed.get(2)[3]).contains("\"state\":\"SEALED\"")
                && ((String) sealed.get(2)[3]).contains("\"rowCount\":3"), (String) sealed.get(2)[3]);

        List<Object[]> moves = auditOf(incident);
        assertEquals(List.of("INCIDENT_DECLARED", "INCIDENT_STATE_CHANGED", "INCIDENT_STATE_CHANGED"), actions(moves));
        assertEquals("{\"state\":\"DECLARED\"}", moves.get(1)[2]);
        assertEquals("{\"state\":\"SNAPSHOT_SEALED\"}", moves.get(1)[3]);
        assertEquals("{\"state\":\"SNAPSHOT_SEALED\"}", moves.get(2)[2]);
        assertEquals("{\"claimsDeadline\":\"" + deadline + "\",\"state\":\"CLAIMS_OPEN\"}", moves.get(2)[3]);
        assertEquals("test step", moves.get(2)[4]);
        for (List<Object[]> entries : List.of(rejected, sealed, moves)) {
            entries.forEach(entry -> assertEquals(DemoUsers.IAN, entry[1]));
        }
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/audit/verification")
                .then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void anImportsOutcomeIsAuditedInTheTransactionThatWritesIt() {
        // Why: an entry written apart from its change can outlive it, or the change its entry, when the process dies in between.
        String incident = declareIncident();
        String refused = UUID.randomUUID().toString();
        upload(incident, refused, "account_id,asset,amount\nACC-1,ETH,-5\n").statusCode(400);
        String importId = loaded(incident, ROWS);

        // PostgreSQL stamps each row version with the id of the transaction that wrote it (xmin).
        String loadedBy = writers("select xmin::text from audit_entry where subject_id = :id and action = 'SNAPSHOT_IMPORT_LOADED'",
                importId).getFirst();
        assertEquals(List.of(loadedBy), writers("select distinct xmin::text from snapshot_row where import_id = cast(:id as uuid)",
                importId), "the rows and the LOADED entry");
        assertEquals(List.of(loadedBy), writers("select xmin::text from snapshot_import where id = cast(:id as uuid)", importId),
                "the LOADED import and its entry");
        String rejectedBy = writers("select xmin::text from audit_entry where subject_id = :id and action = 'SNAPSHOT_IMPORT_REJECTED'",
                refused).getFirst();
        assertEquals(List.of(rejectedBy), writers("select xmin::text from snapshot_import where id = cast(:id as uuid)", refused),
                "the REJECTED import and its entry");
    }

    /** The transaction ids that wrote the rows {@code sql} selects (as text) for {@code id}. */
    @SuppressWarnings("unchecked")
    private static List<String> writers(String sql, String id) {
        return QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager().createNativeQuery(sql)
                .setParameter("id", id).getResultList());
    }

    /** The audit entries about {@code subjectId}, oldest first: action, actor, before, after, reason. */
    @SuppressWarnings("unchecked")
    private static List<Object[]> auditOf(String subjectId) {
        return QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager().createNativeQuery("""
                        select action, actor_username, before_state, after_state, reason from audit_entry
                        where subject_id = :subject order by sequence""")
                .setParameter("subject", subjectId).getResultList());
    }

    private static List<String> actions(List<Object[]> entries) {
        return entries.stream().map(entry -> (String) entry[0]).toList();
    }

    private static io.restassured.response.ValidatableResponse transition(String user, String incident, String to) {
        return given().auth().oauth2(tokenFor(user)).contentType(ContentType.JSON)
                .body("{\"to\": \"" + to + "\", \"reason\": \"test step\"}")
                .when().post("/incidents/{incident}/transitions", incident).then();
    }

    private static io.restassured.response.ValidatableResponse openClaims(String user, String incident, Instant deadline) {
        return given().auth().oauth2(tokenFor(user)).contentType(ContentType.JSON)
                .body("{\"to\": \"CLAIMS_OPEN\", \"reason\": \"test step\", \"claimsDeadline\": \"" + deadline + "\"}")
                .when().post("/incidents/{incident}/transitions", incident).then();
    }
}

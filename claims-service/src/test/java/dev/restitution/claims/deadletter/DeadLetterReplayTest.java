package dev.restitution.claims.deadletter;

import static dev.restitution.claims.ClaimsTestInfrastructure.rows;
import static dev.restitution.claims.ClaimsTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.contracts.events.IncidentDeclared;
import dev.restitution.contracts.events.IncidentDeclaredAsset;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DeadLetterReplayTest {

    private static final String DLQ_TOPIC = "restitution.ledger.incidents.claims-dlq";
    private static final String DEAD_LETTER_CHAIN = "dead-letters";

    @Inject
    AuditLog audit;

    private final EventCodec codec = new EventCodec();
    private final KafkaCompanion kafka = new KafkaCompanion(
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    private static Optional<Map<String, Object>> listed(String needle) {
        String after = null;
        while (true) {
            var request = given().auth().oauth2(tokenFor(DemoUsers.OTTO)).queryParam("channel", "ledger-incidents")
                    .queryParam("limit", 200);
            if (after != null) {
                request = request.queryParam("after", after);
            }
            var page = request.when().get("/dead-letters").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            Optional<Map<String, Object>> found = items.stream()
                    .filter(item -> needle.equals(item.get("eventId")) || needle.equals(item.get("reason"))).findFirst();
            if (found.isPresent() || page.getString("next") == null) {
                return found;
            }
            after = page.getString("next");
        }
    }

    private static long incidentsLearnt(UUID incidentId) {
        return rows("incident where id = '" + incidentId + "'");
    }

    @Test
    void anIncidentParkedDuringAnOutageIsLearntOnceByReplayAndAuditedOnTheDeadLetterChain() {
        // Why: claims-service keeps a chain per claim and none service-wide; a replay must still be audited in a chain
        // that verifies, take effect once, and a second replay must change nothing.
        UUID incidentId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        IncidentDeclared declared = new IncidentDeclared().withIncidentId(incidentId).withExchange("CoinEx")
                .withTitle("parked " + incidentId).withCutoffAt(OffsetDateTime.now(ZoneOffset.UTC).minusDays(1))
                .withAssets(List.of(new IncidentDeclaredAsset().withSymbol("ETH").withChainId(1L).withDecimals(18)))
                .withDeclaredBy("ian").withDeclaredAt(OffsetDateTime.now(ZoneOffset.UTC));
        EventEnvelope event = codec.wrap(eventId.toString(), EventTypes.INCIDENT_DECLARED, "/ledger-service",
                Instant.now(), incidentId.toString(), declared);
        // As SmallRye's dead-letter strategy parks a record whose handler failed (here: while the database was away).
        ProducerRecord<String, String> parked = new ProducerRecord<>(DLQ_TOPIC, incidentId.toString(), codec.encode(event));
        parked.headers().add("dead-letter-reason", "database unavailable".getBytes(StandardCharsets.UTF_8));
        parked.headers().add("dead-letter-topic", Topics.LEDGER_INCIDENTS.getBytes(StandardCharsets.UTF_8));
        kafka.produceStrings().fromRecords(parked).awaitCompletion(Duration.ofSeconds(10));

        Map<String, Object> listed = await().atMost(Duration.ofSeconds(30))
                .until(() -> listed(eventId.toString()), Optional::isPresent).orElseThrow();
        String id = (String) listed.get("id");
        assertEquals(0, incidentsLearnt(incidentId));

        given().auth().oauth2(tokenFor(DemoUsers.OTTO)).contentType(ContentType.JSON)
                .body(Map.of("reason", "database is back")).when().post("/dead-letters/" + id + "/replay")
                .then().statusCode(200).body("replay.actor.username", equalTo(DemoUsers.OTTO));
        assertEquals(1, incidentsLearnt(incidentId));
        assertEquals(1, rows("audit_entry where chain_key = 'dead-letters' and action = 'DEAD_LETTER_REPLAYED' "
                + "and subject_id = '" + id + "' and reason = 'database is back'"));

        given().auth().oauth2(tokenFor(DemoUsers.OTTO)).contentType(ContentType.JSON)
                .body(Map.of("reason", "again")).when().post("/dead-letters/" + id + "/replay")
                .then().statusCode(409).body("type", equalTo("/problems/dead-letter-already-replayed"));
        assertEquals(1, incidentsLearnt(incidentId));
        assertEquals(1, rows("audit_entry where subject_id = '" + id + "'"));
        // The dead-letter chain itself, not the whole log: other tests of the run forge entries in their claims' chains.
        AuditLog.Chain chain = audit.chain(DEAD_LETTER_CHAIN);
        assertTrue(chain.intact(), () -> "the dead-letter chain breaks: " + chain.firstBreak().orElseThrow());
    }

    @Test
    void aRecordTheHandlerStillRefusesIsNotReplayedAndNothingIsWritten() {
        // Why: a replay that fails again must leave the record parked for a later fix, with no trace of a replay.
        String garbage = "{\"not\":\"an event " + UUID.randomUUID() + "\"}";
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.LEDGER_INCIDENTS, "garbage", garbage);
        kafka.produceStrings().fromRecords(record).awaitCompletion(Duration.ofSeconds(10));
        Map<String, Object> listed = await().atMost(Duration.ofSeconds(30)).until(() -> {
            String after = null;
            while (true) {
                var request = given().auth().oauth2(tokenFor(DemoUsers.OTTO)).queryParam("limit", 200);
                if (after != null) {
                    request = request.queryParam("after", after);
                }
                var page = request.when().get("/dead-letters").then().statusCode(200).extract().jsonPath();
                for (Map<String, Object> item : page.<Map<String, Object>>getList("items")) {
                    String payload = given().auth().oauth2(tokenFor(DemoUsers.OTTO)).when()
                            .get("/dead-letters/" + item.get("id")).then().statusCode(200).extract().path("payload");
                    if (garbage.equals(payload)) {
                        return Optional.of(item);
                    }
                }
                if (page.getString("next") == null) {
                    return Optional.<Map<String, Object>>empty();
                }
                after = page.getString("next");
            }
        }, Optional::isPresent).orElseThrow();
        String id = (String) listed.get("id");
        given().auth().oauth2(tokenFor(DemoUsers.OTTO)).contentType(ContentType.JSON)
                .body(Map.of("reason", "trying")).when().post("/dead-letters/" + id + "/replay")
                .then().statusCode(422).body("type", equalTo("/problems/dead-letter-replay-failed"),
                        "detail", containsString("InvalidEventException"));
        assertEquals(0, rows("audit_entry where subject_id = '" + id + "'"));
        assertEquals(0, rows("dead_letter_replay where topic = '" + listed.get("topic") + "' and record_offset = "
                + listed.get("offset")));
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/dead-letters").then().statusCode(403);
    }
}

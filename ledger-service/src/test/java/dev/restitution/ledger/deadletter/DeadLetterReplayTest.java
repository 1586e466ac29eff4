package dev.restitution.ledger.deadletter;

import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static dev.restitution.ledger.LedgerTestInfrastructure.ownerConnection;
import static dev.restitution.ledger.LedgerTestInfrastructure.rows;
import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static dev.restitution.ledger.recovery.LedgerFixtures.declareIncident;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import dev.restitution.ledger.recovery.LedgerFixtures;
import dev.restitution.ledger.recovery.LedgerFixtures.Line;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DeadLetterReplayTest {

    private static final String CHANNEL = "claims-claims";
    private static final String DLQ_TOPIC = "restitution.claims.claims.ledger-dlq";

    private final LedgerFixtures fixtures = new LedgerFixtures();
    private final String guard = "dead_letter_test_" + UUID.randomUUID().toString().replace("-", "");

    @AfterEach
    void close() throws SQLException {
        execute("drop trigger if exists " + guard + " on claim_line; drop function if exists " + guard + "()");
        fixtures.close();
    }

    private static void execute(String statements) throws SQLException {
        try (Connection owner = ownerConnection(); Statement statement = owner.createStatement()) {
            statement.execute(statements);
        }
    }

    /** The cause the test controls: the ledger cannot book any line of {@code claimId} while this trigger exists. */
    private void refuseLinesOf(UUID claimId) throws SQLException {
        execute("create function " + guard + "() returns trigger language plpgsql as $$ begin "
                + "if new.claim_id = '" + claimId + "' then raise exception 'claim lines of " + claimId
                + " cannot be booked yet'; end if; return new; end $$; "
                + "create trigger " + guard + " before insert on claim_line for each row execute function " + guard + "()");
    }

    private static Optional<Map<String, Object>> listed(UUID eventId) {
        String after = null;
        while (true) {
            var request = given().auth().oauth2(tokenFor(DemoUsers.OTTO)).queryParam("channel", CHANNEL)
                    .queryParam("limit", 200);
            if (after != null) {
                request = request.queryParam("after", after);
            }
            var page = request.when().get("/dead-letters").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            Optional<Map<String, Object>> found = items.stream()
                    .filter(item -> eventId.toString().equals(item.get("eventId"))).findFirst();
            if (found.isPresent() || page.getString("next") == null) {
                return found;
            }
            after = page.getString("next");
        }
    }

    private static long parkedNotReplayed() {
        long parked = 0;
        String after = null;
        while (true) {
            var request = given().auth().oauth2(tokenFor(DemoUsers.OTTO)).queryParam("channel", CHANNEL)
                    .queryParam("limit", 200);
            if (after != null) {
                request = request.queryParam("after", after);
            }
            var page = request.when().get("/dead-letters").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            parked += items.stream().filter(item -> item.get("replay") == null).count();
            if (page.getString("next") == null) {
                return parked;
            }
            after = page.getString("next");
        }
    }

    /** The management interface's root, e.g. http://127.0.0.1:PORT/q. */
    @TestHTTPResource(management = true)
    URL managementRoot;

    private Optional<Double> gauge() {
        String metrics = given().when().get(managementRoot.toString().replaceAll("/$", "") + "/metrics").then()
                .statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^restitution_dead_letters_parked\\{[^}]*channel=\"" + CHANNEL
                + "\"[^}]*} (\\S+)$").matcher(metrics);
        return matcher.find() ? Optional.of(Double.parseDouble(matcher.group(1))) : Optional.empty();
    }

    private static io.restassured.response.ValidatableResponse replay(String id, String reason) {
        return given().auth().oauth2(tokenFor(DemoUsers.OTTO)).contentType(ContentType.JSON)
                .body(Map.of("reason", reason)).when().post("/dead-letters/" + id + "/replay").then();
    }

    private long auditEntriesOf(String id) {
        return rows("audit_entry where subject_type = 'DEAD_LETTER' and subject_id = '" + id + "'");
    }

    @Test
    void aParkedClaimIsReplayedOnceAfterItsCauseIsFixedAndASecondReplayChangesNothing() throws SQLException {
        // Why: an event the ledger could not book is a claimant's liability missing from the books; after a fix the
        // operator must bring it back exactly once, audited, and a second click must never book it twice.
        UUID incident = declareIncident("ETH");
        UUID claimId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        refuseLinesOf(claimId);
        fixtures.publishClaimApproved(eventId, claimId, incident, List.of(Line.of("ETH", 700)));

        Map<String, Object> parked = await().atMost(Duration.ofSeconds(30)).until(() -> listed(eventId), Optional::isPresent)
                .orElseThrow();
        String id = (String) parked.get("id");
        assertEquals(DLQ_TOPIC, parked.get("topic"));
        assertEquals(Topics.CLAIMS_CLAIMS, parked.get("originalTopic"));
        assertEquals(EventTypes.CLAIM_APPROVED, parked.get("eventType"));
        assertEquals(null, parked.get("replay"));
        assertEquals(0, rows("claim_line where claim_id = '" + claimId + "'"));
        given().auth().oauth2(tokenFor(DemoUsers.OTTO)).when().get("/dead-letters/" + id).then().statusCode(200)
                .body("channel", equalTo(CHANNEL), "payload", containsString(claimId.toString()),
                        "reason", containsString("cannot be booked yet"), "originalPartition", equalTo(0),
                        "headers.'dead-letter-topic'", equalTo(Topics.CLAIMS_CLAIMS));

        // Replayed before the fix: the handler still refuses it, nothing is written and it stays parked.
        replay(id, "trying before the fix").statusCode(422)
                .body("type", equalTo("/problems/dead-letter-replay-failed"), "detail", containsString("cannot be booked yet"));
        assertEquals(0, rows("dead_letter_replay where topic = '" + DLQ_TOPIC + "' and record_offset = "
                + parked.get("offset")));
        assertEquals(0, rows("processed_event where event_id = '" + eventId + "'"));
        assertEquals(0, auditEntriesOf(id));

        execute("drop trigger " + guard + " on claim_line");
        replay(id, "claim_line trigger removed (ticket OPS-17)").statusCode(200)
                .body("id", equalTo(id), "replay.actor.username", equalTo(DemoUsers.OTTO),
                        "replay.reason", equalTo("claim_line trigger removed (ticket OPS-17)"));
        assertEquals(1, rows("claim_line where claim_id = '" + claimId + "' and approved = 700"));
        assertEquals(1, rows("processed_event where event_id = '" + eventId + "'"));
        assertEquals(1, auditEntriesOf(id));
        assertEquals(1, rows("audit_entry where action = 'DEAD_LETTER_REPLAYED' and subject_id = '" + id
                + "' and reason = 'claim_line trigger removed (ticket OPS-17)' and actor_username = 'otto'"));
        String approvedBalance = LedgerFixtures.balance(incident, "ETH", "CLAIM_LIABILITIES");

        replay(id, "clicked twice").statusCode(409).body("type", equalTo("/problems/dead-letter-already-replayed"),
                "detail", containsString(id));
        assertEquals(1, rows("claim_line where claim_id = '" + claimId + "'"));
        assertEquals(1, auditEntriesOf(id));
        assertEquals(approvedBalance, LedgerFixtures.balance(incident, "ETH", "CLAIM_LIABILITIES"));
        given().auth().oauth2(tokenFor(DemoUsers.OTTO)).when().get("/dead-letters/" + id).then().statusCode(200)
                .body("replay.actor.username", equalTo(DemoUsers.OTTO));

        // The gauge counts what is parked and not replayed, as the listing shows it.
        long expected = parkedNotReplayed();
        await().atMost(Duration.ofSeconds(45)).until(() -> gauge().equals(Optional.of((double) expected)));
    }

    @Test
    void onlyAnEventOperatorReadsDeadLettersAndBadOrUnknownIdsAreRefused() {
        // Why: parked payloads hold personal data and a replay moves books; a malformed or unknown id must never reach
        // Kafka as something else.
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/dead-letters").then().statusCode(403);
        given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .when().post("/dead-letters/" + DLQ_TOPIC + ":0:0/replay").then().statusCode(403);
        given().filter(invalidRequestOnPurpose()).auth().oauth2(tokenFor(DemoUsers.OTTO)).when()
                .get("/dead-letters/not-an-id").then().statusCode(400);
        given().auth().oauth2(tokenFor(DemoUsers.OTTO)).when().get("/dead-letters/" + DLQ_TOPIC + ":0:999999999")
                .then().statusCode(404);
        given().auth().oauth2(tokenFor(DemoUsers.OTTO)).when().get("/dead-letters/restitution.other.topic-dlq:0:0")
                .then().statusCode(404);
        given().auth().oauth2(tokenFor(DemoUsers.OTTO)).queryParam("channel", "nope")
                .when().get("/dead-letters").then().statusCode(400).body("errors[0].field", equalTo("channel"));
        given().auth().oauth2(tokenFor(DemoUsers.OTTO)).contentType(ContentType.JSON)
                .body(Map.of("reason", " ")).when().post("/dead-letters/" + DLQ_TOPIC + ":0:0/replay")
                .then().statusCode(400).body("errors[0].field", equalTo("reason"));
        assertTrue(rows("dead_letter_replay where reason = ' '") == 0);
    }
}

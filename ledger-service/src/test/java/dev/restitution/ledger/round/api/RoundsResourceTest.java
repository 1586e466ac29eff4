package dev.restitution.ledger.round.api;

import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static dev.restitution.ledger.LedgerTestInfrastructure.rows;
import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static dev.restitution.ledger.recovery.LedgerFixtures.approveRound;
import static dev.restitution.ledger.recovery.LedgerFixtures.awaitProcessed;
import static dev.restitution.ledger.recovery.LedgerFixtures.balance;
import static dev.restitution.ledger.recovery.LedgerFixtures.book;
import static dev.restitution.ledger.recovery.LedgerFixtures.declareIncident;
import static dev.restitution.ledger.recovery.LedgerFixtures.entitlements;
import static dev.restitution.ledger.recovery.LedgerFixtures.proposeRound;
import static dev.restitution.ledger.recovery.LedgerFixtures.startDistributing;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.contracts.events.EntitlementsIssued;
import dev.restitution.contracts.events.IssuedEntitlement;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import dev.restitution.ledger.recovery.LedgerFixtures.Line;
import dev.restitution.ledger.recovery.LedgerFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RoundsResourceTest {

    private final LedgerFixtures fixtures = new LedgerFixtures();
    private final EventCodec codec = new EventCodec();

    @AfterEach
    void close() {
        fixtures.close();
    }

    /** An ETH incident with three approved lines of 1000, 2000 and 4000 and 3000 in hand. */
    private Scenario threeLinesAndThreeThousand() {
        UUID incident = declareIncident("ETH");
        Line small = Line.of("ETH", 1_000);
        Line middle = Line.of("ETH", 2_000);
        Line large = Line.of("ETH", 4_000);
        awaitProcessed(fixtures.approveClaim(incident, small, middle));
        awaitProcessed(fixtures.approveClaim(incident, large));
        book(incident, "ETH", "TREASURY_CONTRIBUTION", 3_000);
        startDistributing(incident);
        return new Scenario(incident, small, middle, large);
    }

    private record Scenario(UUID incident, Line small, Line middle, Line large) {
    }

    private static ValidatableResponse decide(String user, String roundId, String decision) {
        return given().auth().oauth2(tokenFor(user)).contentType(ContentType.JSON)
                .body("{\"reason\": \"looked at it\"}")
                .when().post("/rounds/" + roundId + "/" + decision).then();
    }

    @Test
    void anApprovedRoundEntitlesEachLineProRataBooksTheDustAndPublishesEveryEntitlement() {
        // Why: coverage 3000/7000 gives floor(1000 x 3/7) = 428, 857 and 1714; the 1 unit left over is dust, not lost.
        Scenario scenario = threeLinesAndThreeThousand();
        String roundId = given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"note\": \"first distribution\"}")
                .when().post("/incidents/" + scenario.incident() + "/rounds")
                .then().statusCode(201)
                .body("state", equalTo("PROPOSED"), "number", equalTo(1),
                        "assets[0].available", equalTo("3000"), "assets[0].outstanding", equalTo("7000"),
                        "assets[0].coverage", equalTo("0.428571"), "assets[0].entitled", equalTo("2999"),
                        "assets[0].dust", equalTo("1"), "assets[0].lines", equalTo(3))
                .extract().path("id");
        assertEquals(0, rows("entitlement where round_id = '" + roundId + "'"));

        approveRound(roundId);
        Map<UUID, Map<String, Object>> issued = entitlements(roundId);
        assertEquals("428", issued.get(scenario.small().lineId()).get("amount"));
        assertEquals("857", issued.get(scenario.middle().lineId()).get("amount"));
        assertEquals("1714", issued.get(scenario.large().lineId()).get("amount"));
        assertEquals(scenario.large().payoutAddress(), issued.get(scenario.large().lineId()).get("payoutAddress"));
        assertEquals("0", balance(scenario.incident(), "ETH", "AVAILABLE"));
        assertEquals("1", balance(scenario.incident(), "ETH", "DUST"));
        assertEquals("2999", balance(scenario.incident(), "ETH", "ENTITLEMENTS"));

        try (var consumer = fixtures.kafka().consumeStrings().fromTopics(Topics.LEDGER_ENTITLEMENTS)) {
            List<IssuedEntitlement> events = await().atMost(Duration.ofSeconds(30)).until(() -> consumer.getRecords()
                    .stream().map(record -> codec.decode(record.value()))
                    .filter(event -> EventTypes.ENTITLEMENTS_ISSUED.equals(event.type()))
                    .map(event -> codec.payload(event, EntitlementsIssued.class))
                    .filter(payload -> payload.getRoundId().toString().equals(roundId))
                    .flatMap(payload -> payload.getEntitlements().stream()).toList(),
                    found -> found.size() == 3);
            assertEquals(Set.of("428", "857", "1714"),
                    events.stream().map(IssuedEntitlement::getAmount).collect(Collectors.toSet()));
            assertEquals(Set.of(1000L), events.stream().map(IssuedEntitlement::getChainId).collect(Collectors.toSet()));
        }
        assertEquals(1, rows("audit_entry where action = 'ROUND_APPROVED' and subject_id = '" + roundId + "'"));
    }

    @Test
    void everyEntitlementIsRecomputedExactlyFromWhatTheRoundPublishesWhereTheRoundedCoverageIsNot() {
        // Why: an outsider checks their entitlement from the published figures; the 6-place coverage is 0.428571
        // while the rule is floor(o x 3/7), which differs by 428571428571 wei on a line of 1 ETH.
        UUID incident = declareIncident("ETH");
        List<Line> lines = List.of(Line.of("ETH", 1_000_000_000_000_000_000L), Line.of("ETH", 2_000_000_000_000_000_000L),
                Line.of("ETH", 4_000_000_000_000_000_000L));
        awaitProcessed(fixtures.approveClaim(incident, lines.toArray(Line[]::new)));
        book(incident, "ETH", "TREASURY_CONTRIBUTION", 3_000_000_000_000_000_000L);
        startDistributing(incident);
        String roundId = proposeRound(incident);
        Map<String, Object> published = given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/rounds/" + roundId)
                .then().statusCode(200).body("assets[0].mode", equalTo("PRO_RATA"),
                        "assets[0].shareNumerator", equalTo("3000000000000000000"),
                        "assets[0].shareDenominator", equalTo("7000000000000000000"))
                .extract().jsonPath().getMap("assets[0]");
        assertEquals(published.get("available"), published.get("shareNumerator"));
        assertEquals(published.get("outstanding"), published.get("shareDenominator"));
        approveRound(roundId);

        Map<UUID, Map<String, Object>> issued = entitlements(roundId);
        BigInteger numerator = new BigInteger((String) published.get("shareNumerator"));
        BigInteger denominator = new BigInteger((String) published.get("shareDenominator"));
        BigDecimal coverage = new BigDecimal((String) published.get("coverage"));
        for (Line line : lines) {
            BigInteger recomputed = line.amount().multiply(numerator).divide(denominator);
            assertEquals(recomputed.toString(), issued.get(line.lineId()).get("amount"));
            BigInteger fromRoundedCoverage = new BigDecimal(line.amount()).multiply(coverage).toBigInteger();
            assertTrue(fromRoundedCoverage.compareTo(recomputed) < 0, "the display coverage does not reproduce " + recomputed);
        }
        assertEquals("428571428571428571", issued.get(lines.getFirst().lineId()).get("amount"));
    }

    @Test
    void aLaterRoundPaysTheRemainingOutstandingAsMoreIsRecoveredAndNeverMoreThanApproved() {
        // Why: recoveries trickle in; round 2 covers what round 1 could not, earlier dust included, and stops at approved.
        Scenario scenario = threeLinesAndThreeThousand();
        approveRound(proposeRound(scenario.incident()));
        book(scenario.incident(), "ETH", "INSURANCE_CONTRIBUTION", 5_000);
        String second = proposeRound(scenario.incident());
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/rounds/" + second)
                .then().statusCode(200).body("number", equalTo(2), "assets[0].available", equalTo("5001"),
                        "assets[0].outstanding", equalTo("4001"), "assets[0].coverage", equalTo("1.000000"),
                        "assets[0].entitled", equalTo("4001"), "assets[0].dust", equalTo("0"));
        approveRound(second);
        Map<UUID, Map<String, Object>> issued = entitlements(second);
        assertEquals("572", issued.get(scenario.small().lineId()).get("amount"));
        assertEquals("1143", issued.get(scenario.middle().lineId()).get("amount"));
        assertEquals("2286", issued.get(scenario.large().lineId()).get("amount"));
        assertEquals("7000", balance(scenario.incident(), "ETH", "ENTITLEMENTS"));
        assertEquals("1000", balance(scenario.incident(), "ETH", "AVAILABLE"));
        assertEquals("0", balance(scenario.incident(), "ETH", "DUST"));
        given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body("{\"note\": \"third\"}")
                .when().post("/incidents/" + scenario.incident() + "/rounds")
                .then().statusCode(409).body("type", equalTo("/problems/nothing-to-distribute"));
    }

    @Test
    @TestSecurity(user = "dana", roles = {"incident-admin", "finance-operator", "finance-approver"})
    @OidcSecurity(claims = {@Claim(key = "sub", value = "dana-subject"), @Claim(key = "preferred_username", value = "dana")})
    void approvingOwnRoundIsRefusedAndTheRefusalIsAudited() {
        // Why: maker-checker is about persons, not roles: someone holding both roles still cannot approve their own round.
        UUID incident = declareIncidentAsCurrentUser();
        awaitProcessed(fixtures.approveClaim(incident, Line.of("ETH", 100)));
        given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"assetSymbol\": \"ETH\", \"kind\": \"TREASURY_CONTRIBUTION\", \"amount\": \"50\", \"reason\": \"top-up\"}")
                .when().post("/incidents/" + incident + "/recoveries").then().statusCode(201);
        startDistributing(incident);
        String roundId = given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"note\": \"mine\"}").when().post("/incidents/" + incident + "/rounds")
                .then().statusCode(201).extract().path("id");

        given().contentType(ContentType.JSON).body("{\"reason\": \"looks fine to me\"}")
                .when().post("/rounds/" + roundId + "/approval")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("/problems/self-approval"));
        given().contentType(ContentType.JSON).body("{\"reason\": \"never mind\"}")
                .when().post("/rounds/" + roundId + "/rejection")
                .then().statusCode(403).body("type", equalTo("/problems/self-approval"));

        assertEquals(1, rows("audit_entry where action = 'ROUND_SELF_APPROVAL_REFUSED' and subject_id = '" + roundId
                + "' and actor_subject_id = 'dana-subject' and actor_username = 'dana' and reason like '%looks fine to me%'"));
        assertEquals(1, rows("audit_entry where action = 'ROUND_SELF_REJECTION_REFUSED' and subject_id = '" + roundId + "'"));
        assertEquals(0, rows("entitlement where round_id = '" + roundId + "'"));
        assertEquals(1, rows("distribution_round where id = '" + roundId + "' and state = 'PROPOSED'"));
    }

    private static UUID declareIncidentAsCurrentUser() {
        String id = given().contentType(ContentType.JSON).body("""
                        {"exchange": "CoinEx", "title": "Self approval", "cutoffAt": "2026-01-01T00:00:00Z",
                         "assets": [{"symbol": "ETH", "chainId": 1000, "decimals": 18}]}""")
                .when().post("/incidents").then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    @Test
    void onlyAFinanceApproverDecidesAndOnlyAFinanceOperatorProposes() {
        // Why: the roles are checked by the service itself: an operator cannot approve, an approver cannot propose.
        Scenario scenario = threeLinesAndThreeThousand();
        String roundId = proposeRound(scenario.incident());
        decide(DemoUsers.FIONA, roundId, "approval").statusCode(403);
        decide(DemoUsers.AUDREY, roundId, "approval").statusCode(403);
        given().auth().oauth2(tokenFor(DemoUsers.FRANK)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body("{\"note\": \"x\"}")
                .when().post("/incidents/" + scenario.incident() + "/rounds").then().statusCode(403);
        decide(DemoUsers.FAY, roundId, "approval").statusCode(200).body("state", equalTo("APPROVED"),
                "decisionReason", equalTo("looked at it"));
        decide(DemoUsers.FRANK, roundId, "approval").statusCode(409).body("type", equalTo("/problems/round-decided"));
    }

    @Test
    void aRoundWhoseLedgerChangedSinceItsProposalIsRefusedAndWritesNothing() {
        // Why: the approver approves exactly the plan they saw; new money or claims mean a new proposal.
        Scenario scenario = threeLinesAndThreeThousand();
        String roundId = proposeRound(scenario.incident());
        book(scenario.incident(), "ETH", "INSURANCE_CONTRIBUTION", 10);
        decide(DemoUsers.FRANK, roundId, "approval").statusCode(409)
                .body("type", equalTo("/problems/round-stale"), "detail", containsString("3010 distributable"));
        assertEquals(0, rows("entitlement where round_id = '" + roundId + "'"));
        assertEquals("3010", balance(scenario.incident(), "ETH", "AVAILABLE"));
        decide(DemoUsers.FRANK, roundId, "rejection").statusCode(200).body("state", equalTo("REJECTED"));
        approveRound(proposeRound(scenario.incident()));
        assertEquals("0", balance(scenario.incident(), "ETH", "AVAILABLE"));
    }

    @Test
    void aMalformedEntitlementCursorIsABadRequestNamingItAndMovesNothing() {
        // Why: a garbled paging cursor is the caller's mistake (400 naming "after"), not a missing round (404).
        Scenario scenario = threeLinesAndThreeThousand();
        String roundId = proposeRound(scenario.incident());
        approveRound(roundId);
        String entitlements = "/rounds/" + roundId + "/entitlements";
        // The document's uuid format refuses the first and last; "1-2-3-4-5" passes the request validator (Java's
        // lenient UUID parser) though it is no UUID, so only that request goes unmarked.
        for (String malformed : List.of("not-an-id", "1-2-3-4-5", UUID.randomUUID() + "0")) {
            RequestSpecification request = "1-2-3-4-5".equals(malformed) ? given() : given().filter(invalidRequestOnPurpose());
            request.auth().oauth2(tokenFor(DemoUsers.AUDREY)).queryParam("after", malformed)
                    .when().get(entitlements).then().statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400), "errors.field", equalTo(List.of("after")),
                            "errors[0].message", equalTo("must be a UUID"));
        }
        String firstId = given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).queryParam("limit", 1)
                .when().get(entitlements).then().statusCode(200).extract().path("items[0].id");
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).queryParam("after", firstId).queryParam("limit", 200)
                .when().get(entitlements).then().statusCode(200).body("items.size()", equalTo(2));
        // The refused reads moved no money: the round's three entitlements and the pool are as the approval left them.
        assertEquals(3, rows("entitlement where round_id = '" + roundId + "'"));
        assertEquals("2999", balance(scenario.incident(), "ETH", "ENTITLEMENTS"));
        assertEquals("0", balance(scenario.incident(), "ETH", "AVAILABLE"));
    }

    @Test
    void oneRoundAtATimeAndTheSameKeyProposesOnce() {
        // Why: two open plans over the same funds would each promise the same money.
        Scenario scenario = threeLinesAndThreeThousand();
        String key = UUID.randomUUID().toString();
        ValidatableResponse first = given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body("{\"note\": \"one\"}")
                .when().post("/incidents/" + scenario.incident() + "/rounds").then().statusCode(201);
        given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body("{\"note\": \"one\"}")
                .when().post("/incidents/" + scenario.incident() + "/rounds")
                .then().statusCode(200).body("id", equalTo(first.extract().path("id")));
        given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body("{\"note\": \"two\"}")
                .when().post("/incidents/" + scenario.incident() + "/rounds")
                .then().statusCode(409).body("type", equalTo("/problems/round-open"));
        assertEquals(1, rows("distribution_round where incident_id = '" + scenario.incident() + "'"));
    }

    @Test
    void linesAtOrBelowTheConvenienceThresholdArePaidInFullFirst() {
        // Why: small claims are settled in full (threshold 100 for SMALL in the test profile), the rest share what remains.
        UUID incident = declareIncident("SMALL");
        Line fifty = Line.of("SMALL", 50);
        Line hundred = Line.of("SMALL", 100);
        Line thousand = Line.of("SMALL", 1_000);
        Line threeThousand = Line.of("SMALL", 3_000);
        awaitProcessed(fixtures.approveClaim(incident, fifty, hundred, thousand, threeThousand));
        book(incident, "SMALL", "TREASURY_CONTRIBUTION", 1_000);
        startDistributing(incident);
        String roundId = proposeRound(incident);
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/rounds/" + roundId)
                .then().statusCode(200).body("assets[0].convenienceThreshold", equalTo("100"),
                        "assets[0].entitled", equalTo("999"), "assets[0].dust", equalTo("1"),
                        "assets[0].linesInFull", equalTo(2), "assets[0].smallOutstanding", equalTo("150"),
                        "assets[0].mode", equalTo("SMALL_IN_FULL_FIRST"),
                        "assets[0].shareNumerator", equalTo("850"), "assets[0].shareDenominator", equalTo("4000"));
        approveRound(roundId);
        Map<UUID, Map<String, Object>> issued = entitlements(roundId);
        assertEquals("50", issued.get(fifty.lineId()).get("amount"));
        assertEquals("100", issued.get(hundred.lineId()).get("amount"));
        assertEquals("212", issued.get(thousand.lineId()).get("amount"));
        assertEquals("637", issued.get(threeThousand.lineId()).get("amount"));
    }

    @Test
    void roundsAreProposedAndApprovedOnlyWhileTheIncidentIsDistributing() {
        // Why: money is promised only after claims closed and before the incident is closed; otherwise nothing is written.
        UUID incident = declareIncident("ETH");
        awaitProcessed(fixtures.approveClaim(incident, Line.of("ETH", 1_000)));
        book(incident, "ETH", "TREASURY_CONTRIBUTION", 600);
        given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body("{\"note\": \"too early\"}")
                .when().post("/incidents/" + incident + "/rounds")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("/problems/incident-not-distributing"), "detail", containsString("DECLARED"));
        assertEquals(0, rows("distribution_round where incident_id = '" + incident + "'"));

        startDistributing(incident);
        String roundId = proposeRound(incident);
        LedgerFixtures.moveIncident(incident, DemoUsers.IAN, "CLOSED", "");
        long auditBefore = rows("audit_entry where subject_id = '" + roundId + "'");
        decide(DemoUsers.FRANK, roundId, "approval").statusCode(409)
                .body("type", equalTo("/problems/incident-not-distributing"), "detail", containsString("CLOSED"));
        assertEquals(0, rows("entitlement where round_id = '" + roundId + "'"));
        assertEquals(1, rows("distribution_round where id = '" + roundId + "' and state = 'PROPOSED'"));
        assertEquals(auditBefore, rows("audit_entry where subject_id = '" + roundId + "'"));
        assertEquals("600", balance(incident, "ETH", "AVAILABLE"));
        assertEquals(0, rows("ledger_transfer where reference_id = '" + roundId + "'"));
        // A round left open when the incident closed can still be rejected, so it does not wait forever.
        decide(DemoUsers.FRANK, roundId, "rejection").statusCode(200).body("state", equalTo("REJECTED"));
    }

    @Test
    void anIncidentWithoutFundsOrClaimsHasNothingToDistribute() {
        // Why: a round that would entitle nothing is refused instead of recorded.
        UUID incident = declareIncident("ETH");
        awaitProcessed(fixtures.approveClaim(incident, Line.of("ETH", 100)));
        startDistributing(incident);
        given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).body("{\"note\": \"empty\"}")
                .when().post("/incidents/" + incident + "/rounds")
                .then().statusCode(409).body("type", equalTo("/problems/nothing-to-distribute"));
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/incidents/" + incident + "/rounds")
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void aRoundIsApprovedOnlyByADifferentPersonEvenInTheDatabase() {
        // Why: four eyes are enforced by a constraint as well, whatever the application does.
        Scenario scenario = threeLinesAndThreeThousand();
        String roundId = proposeRound(scenario.incident());
        RuntimeException refused = assertThrows(RuntimeException.class, () ->
                LedgerFixtures.sql("update distribution_round set state = 'REJECTED', decided_by = proposed_by, "
                        + "decided_at = now(), decision_reason = 'x' where id = '" + roundId + "'"));
        assertTrue(String.valueOf(rootCause(refused).getMessage()).contains("distribution_round_four_eyes"));
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}

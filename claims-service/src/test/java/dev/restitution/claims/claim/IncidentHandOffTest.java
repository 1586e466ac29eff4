package dev.restitution.claims.claim;

import static dev.restitution.claims.ClaimsTestInfrastructure.rows;
import static dev.restitution.claims.ClaimsTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.claims.incident.ledger.IncidentHandOffMapper;
import dev.restitution.contracts.events.IncidentStateChanged.IncidentLifecycleState;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IncidentHandOffTest {

    private final ClaimsFixture fixture = new ClaimsFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static ValidatableResponse open(UUID incidentId) {
        return given().auth().oauth2(tokenFor(DemoUsers.ALICE)).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/incidents/" + incidentId + "/claims").then();
    }

    private static void handOffPending(ValidatableResponse response, String ledgerState) {
        response.statusCode(503).contentType("application/problem+json")
                .header("Retry-After", String.valueOf(IncidentHandOffMapper.RETRY_AFTER_SECONDS))
                .body("type", equalTo(IncidentHandOffMapper.HAND_OFF_TYPE),
                        "detail", containsString("is " + ledgerState + " at ledger-service"));
    }

    @Test
    void anIncidentTheLedgerHasButClaimsHasNotLearntIsAHandOffInProgressNotANotFound() {
        // Why: right after the ledger declares and opens an incident its event may still be on its way; a 404 would
        // tell the claimant and the portal the incident does not exist, so they would not retry.
        UUID incidentId = UUID.randomUUID();
        fixture.stateAtLedger(incidentId, IncidentLifecycleState.CLAIMS_OPEN);
        handOffPending(open(incidentId), "CLAIMS_OPEN");
        handOffPending(given().auth().oauth2(tokenFor(DemoUsers.LENA))
                .when().get("/incidents/" + incidentId + "/late-admissions").then(), "CLAIMS_OPEN");
        handOffPending(given().auth().oauth2(tokenFor(DemoUsers.LENA)).contentType(ContentType.JSON)
                .body(Map.of("accountId", DemoUsers.ALICE_ACCOUNT_ID, "reason", "was in hospital"))
                .when().post("/incidents/" + incidentId + "/late-admissions").then(), "CLAIMS_OPEN");
        assertEquals(0, rows("claim where incident_id = '" + incidentId + "'"));
        assertEquals(0, rows("late_admission where incident_id = '" + incidentId + "'"));
    }

    @Test
    void anIncidentNeitherServiceKnowsIsNotFound() {
        // Why: the ledger is asked, and only an incident it has either is a hand-off; anything else is a plain 404.
        UUID incidentId = UUID.randomUUID();
        open(incidentId).statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("/problems/not-found"), "detail", containsString("incident " + incidentId));
    }

    @Test
    void claimsOpeningAtTheLedgerButNotYetHereIsAHandOffAndOpensOnceTheEventArrives() {
        // Why: the state lags as the incident does; the claimant retries after Retry-After and the claim opens.
        UUID incidentId = fixture.sealedNotOpen(Map.of(DemoUsers.ALICE_ACCOUNT_ID, Map.of("ETH", "7")));
        fixture.stateAtLedger(incidentId, IncidentLifecycleState.SNAPSHOT_SEALED);
        open(incidentId).statusCode(409).body("type", equalTo("/problems/claims-not-open"));

        fixture.stateAtLedger(incidentId, IncidentLifecycleState.CLAIMS_OPEN);
        handOffPending(open(incidentId), "CLAIMS_OPEN");
        assertEquals(0, rows("claim where incident_id = '" + incidentId + "'"));

        fixture.stateChanged(incidentId, IncidentLifecycleState.SNAPSHOT_SEALED, IncidentLifecycleState.CLAIMS_OPEN,
                OffsetDateTime.now(ZoneOffset.UTC).plusDays(1));
        open(incidentId).statusCode(201).body("lines[0].snapshotAmount", equalTo("7"));
    }

    @Test
    void aSealAtTheLedgerNotYetReceivedIsAHandOff() {
        // Why: the seal travels as an event too; until it arrives claims cannot pre-fill, but the snapshot exists.
        UUID incidentId = fixture.declared();
        fixture.stateAtLedger(incidentId, IncidentLifecycleState.DECLARED);
        open(incidentId).statusCode(409).body("type", equalTo("/problems/snapshot-not-sealed"));
        fixture.stateAtLedger(incidentId, IncidentLifecycleState.CLAIMS_OPEN);
        handOffPending(open(incidentId), "CLAIMS_OPEN");
    }
}

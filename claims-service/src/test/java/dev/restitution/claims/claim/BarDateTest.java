package dev.restitution.claims.claim;

import static dev.restitution.claims.ClaimsTestInfrastructure.rows;
import static dev.restitution.claims.claim.ClaimSteps.as;
import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.contracts.events.IncidentStateChanged.IncidentLifecycleState;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BarDateTest {

    private static final String ALICE_ACCOUNT = DemoUsers.ALICE_ACCOUNT_ID;
    private static final String BOB_ACCOUNT = DemoUsers.BOB_ACCOUNT_ID;
    private final ClaimsFixture fixture = new ClaimsFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static void openRefused(String user, UUID incidentId, String problem) {
        as(user).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/incidents/" + incidentId + "/claims")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", containsStringIgnoringCase(problem));
    }

    private static OffsetDateTime past() {
        return OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5);
    }

    @Test
    void claimsOpenOnlyWhileTheIncidentIsOpenAndBeforeItsDeadline() {
        // Why: the bar date: before claims open and after the deadline no claim is opened, and nothing is written.
        UUID incidentId = fixture.sealedNotOpen(Map.of(ALICE_ACCOUNT, Map.of("ETH", "31")));
        openRefused(DemoUsers.ALICE, incidentId, "claims-not-open");
        fixture.stateChanged(incidentId, IncidentLifecycleState.SNAPSHOT_SEALED, IncidentLifecycleState.CLAIMS_OPEN, past());
        as(DemoUsers.SAM).when().get("/incidents?limit=200").then().statusCode(200)
                .body("items.find { it.id == '" + incidentId + "' }.state", equalTo("CLAIMS_OPEN"))
                .body("items.find { it.id == '" + incidentId + "' }.claimsDeadline", containsString("T"));
        openRefused(DemoUsers.ALICE, incidentId, "claims-closed");
        assertEquals(0, rows("claim where incident_id = '" + incidentId + "'"));
        assertEquals(0, fixture.ledgerCalls(incidentId));
    }

    @Test
    void closingClaimsRefusesNewClaimsAndAStaleEventDoesNotReopenThem() {
        // Why: incidents only move forward; a late or redelivered CLAIMS_OPEN never reopens a closed window.
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "37")));
        fixture.stateChanged(incidentId, IncidentLifecycleState.CLAIMS_OPEN, IncidentLifecycleState.CLAIMS_CLOSED, null);
        fixture.stateChanged(incidentId, IncidentLifecycleState.SNAPSHOT_SEALED, IncidentLifecycleState.CLAIMS_OPEN,
                OffsetDateTime.now(ZoneOffset.UTC).plusDays(3));
        as(DemoUsers.SAM).when().get("/incidents?limit=200").then().statusCode(200)
                .body("items.find { it.id == '" + incidentId + "' }.state", equalTo("CLAIMS_CLOSED"));
        openRefused(DemoUsers.ALICE, incidentId, "claims-closed");
    }

    @Test
    void supportLeadAdmitsALateClaimWithAReasonAndOnlyThatAccountOpens() {
        // Why: after the bar date a support-lead may let one account in, with a reason on the record; nobody else gets in.
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "41"), BOB_ACCOUNT, Map.of("ETH", "43")));
        fixture.stateChanged(incidentId, IncidentLifecycleState.CLAIMS_OPEN, IncidentLifecycleState.CLAIMS_CLOSED, null);
        openRefused(DemoUsers.ALICE, incidentId, "claims-closed");
        Map<String, String> admission = Map.of("accountId", ALICE_ACCOUNT, "reason", "Hospitalised during the claims window");
        as(DemoUsers.SAM).contentType(ContentType.JSON).body(admission)
                .when().post("/incidents/" + incidentId + "/late-admissions").then().statusCode(403);
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(admission)
                .when().post("/incidents/" + incidentId + "/late-admissions").then().statusCode(403);
        as(DemoUsers.LENA).filter(invalidRequestOnPurpose()).contentType(ContentType.JSON)
                .body(Map.of("accountId", ALICE_ACCOUNT, "reason", ""))
                .when().post("/incidents/" + incidentId + "/late-admissions").then().statusCode(400);
        as(DemoUsers.LENA).contentType(ContentType.JSON).body(admission)
                .when().post("/incidents/" + UUID.randomUUID() + "/late-admissions").then().statusCode(404);
        assertEquals(0, rows("late_admission where incident_id = '" + incidentId + "'"));
        String admissionId = as(DemoUsers.LENA).contentType(ContentType.JSON).body(admission)
                .when().post("/incidents/" + incidentId + "/late-admissions").then().statusCode(201)
                .body("admittedBy.username", equalTo(DemoUsers.LENA)).extract().path("id");
        as(DemoUsers.LENA).contentType(ContentType.JSON).body(admission)
                .when().post("/incidents/" + incidentId + "/late-admissions").then().statusCode(409);
        assertEquals(1, rows("audit_entry where chain_key = '" + admissionId + "' and action = 'LATE_CLAIM_ADMITTED'"));
        openRefused(DemoUsers.BOB, incidentId, "claims-closed");
        String claimId = as(DemoUsers.ALICE).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/incidents/" + incidentId + "/claims")
                .then().statusCode(201).body("lateAdmissionId", equalTo(admissionId)).extract().path("id");
        as(DemoUsers.ALICE).when().get("/claims/" + claimId + "/audit").then().statusCode(200)
                .body("entries[0].after", containsString(admissionId));
        as(DemoUsers.AUDREY).when().get("/incidents/" + incidentId + "/late-admissions").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].reason", equalTo("Hospitalised during the claims window"));
        as(DemoUsers.ALICE).when().get("/incidents/" + incidentId + "/late-admissions").then().statusCode(403);
        // A claim exists now: a second admission for it is refused.
        as(DemoUsers.LENA).contentType(ContentType.JSON).body(admission)
                .when().post("/incidents/" + incidentId + "/late-admissions").then().statusCode(409);
    }
}

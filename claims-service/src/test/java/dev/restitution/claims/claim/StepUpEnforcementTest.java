package dev.restitution.claims.claim;

import static dev.restitution.claims.ClaimsTestInfrastructure.realmUrl;
import static dev.restitution.claims.ClaimsTestInfrastructure.rows;
import static dev.restitution.claims.claim.ClaimSteps.as;
import static dev.restitution.claims.claim.ClaimSteps.attestKyc;
import static dev.restitution.claims.claim.ClaimSteps.nonce;
import static dev.restitution.claims.claim.ClaimSteps.open;
import static dev.restitution.claims.claim.ClaimsFixture.ETHEREUM;
import static dev.restitution.claims.claim.ClaimsFixture.checksummed;
import static dev.restitution.claims.claim.ClaimsFixture.proof;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

@QuarkusTest
class StepUpEnforcementTest {

    private static final String ALICE_ACCOUNT = DemoUsers.ALICE_ACCOUNT_ID;
    private static final String CHALLENGE =
            "Bearer error=\"insufficient_user_authentication\", acr_values=\"mfa\", max_age=600";
    private final ClaimsFixture fixture = new ClaimsFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Alice signed in with her password and a code, without asking for the mfa level: acr pwd. */
    private static RequestSpecification withoutStepUp() {
        String token = Tokens.forUser(realmUrl(), DemoUsers.ALICE, DemoUsers.PASSWORD);
        assertEquals("pwd", Tokens.claims(token).path("acr").asText());
        return given().auth().oauth2(token);
    }

    private static Map<String, Object> ethereumProof(UUID incidentId, ECKeyPair key) throws Exception {
        return proof(incidentId, ALICE_ACCOUNT, ETHEREUM, checksummed(key), nonce(),
                Instant.now().getEpochSecond() + 600, key);
    }

    /** A DRAFT claim of Alice's with its one line accepted. */
    private JsonPath acceptedDraft(UUID incidentId) {
        JsonPath claim = open(DemoUsers.ALICE, incidentId);
        as(DemoUsers.ALICE).when().post("/claims/" + claim.getString("id") + "/lines/" + claim.getString("lines[0].id")
                + "/accept").then().statusCode(200);
        return claim;
    }

    @Test
    void aTokenWithoutASecondFactorCannotSubmitAndTheClaimStaysADraft() throws Exception {
        // Why: an attacker with a phished password must not be able to submit a claim; the service refuses it
        // itself (not only the portal), with the challenge that tells the client to step up, and writes nothing.
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "5000")));
        attestKyc(ALICE_ACCOUNT, "VERIFIED");
        String claimId = acceptedDraft(incidentId).getString("id");
        withoutStepUp().contentType(ContentType.JSON).body(ethereumProof(incidentId, Keys.createEcKeyPair()))
                .when().put("/claims/" + claimId + "/payout-addresses").then().statusCode(200);
        long outboxBefore = rows("outbox_event where message_key = '" + claimId + "'");

        withoutStepUp().header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/claims/" + claimId + "/submit")
                .then().statusCode(401)
                .header("WWW-Authenticate", CHALLENGE)
                .body("type", endsWith("/step-up-required"));

        as(DemoUsers.ALICE).when().get("/claims/" + claimId).then().statusCode(200).body("status", equalTo("DRAFT"));
        assertEquals(outboxBefore, rows("outbox_event where message_key = '" + claimId + "'"));
        as(DemoUsers.ALICE).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/claims/" + claimId + "/submit").then().statusCode(200).body("status", equalTo("APPROVED"));
    }

    @Test
    void replacingAProvenAddressNeedsAStepUpButTheFirstAddressDoesNot() throws Exception {
        // Why: account takeover steals money by replacing the payout address; the first address is part of filing.
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "5000")));
        String claimId = acceptedDraft(incidentId).getString("id");
        ECKeyPair first = Keys.createEcKeyPair();
        withoutStepUp().contentType(ContentType.JSON).body(ethereumProof(incidentId, first))
                .when().put("/claims/" + claimId + "/payout-addresses").then().statusCode(200);
        long auditBefore = rows("audit_entry where chain_key = '" + claimId + "'");

        ECKeyPair attacker = Keys.createEcKeyPair();
        withoutStepUp().contentType(ContentType.JSON).body(ethereumProof(incidentId, attacker))
                .when().put("/claims/" + claimId + "/payout-addresses")
                .then().statusCode(401)
                .header("WWW-Authenticate", CHALLENGE)
                .body("type", endsWith("/step-up-required"));

        as(DemoUsers.ALICE).when().get("/claims/" + claimId).then().statusCode(200)
                .body("payoutAddresses[0].address", equalTo(checksummed(first)));
        assertEquals(auditBefore, rows("audit_entry where chain_key = '" + claimId + "'"));
        ECKeyPair replacement = Keys.createEcKeyPair();
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(ethereumProof(incidentId, replacement))
                .when().put("/claims/" + claimId + "/payout-addresses").then().statusCode(200)
                .body("payoutAddresses[0].address", equalTo(checksummed(first)))
                .body("pendingPayoutAddresses[0].address", equalTo(checksummed(replacement)));
        // The stepped-up change waits out its cool-down; cancelled here so that none takes effect under other tests.
        as(DemoUsers.ALICE).when().delete("/claims/" + claimId + "/payout-addresses/" + ETHEREUM + "/pending")
                .then().statusCode(200);
    }

    @Test
    void theStepUpMaximumAgeIsReadableInTheLimits() {
        // Why: clients must know how long a second factor counts, without reading the service's configuration.
        as(DemoUsers.ALICE).when().get("/limits").then().statusCode(200).body("stepUpMaxAgeSeconds", equalTo(600));
    }
}

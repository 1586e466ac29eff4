package dev.restitution.claims.claim;

import static dev.restitution.claims.ClaimsTestInfrastructure.realmUrl;
import static dev.restitution.claims.ClaimsTestInfrastructure.tokenFor;
import static dev.restitution.claims.claim.ClaimsFixture.ETHEREUM;
import static dev.restitution.claims.claim.ClaimsFixture.checksummed;
import static dev.restitution.claims.claim.ClaimsFixture.proof;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.KeycloakAdmin;
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
class AutomaticVerificationActorTest {

    private final ClaimsFixture fixture = new ClaimsFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(tokenFor(user));
    }

    @Test
    void automaticApprovalIsRecordedAsTheServiceAccountKeycloakHolds() throws Exception {
        // Why: what claims-service decides on its own must name a real realm identity (its service-account user's
        // subject id and name), the same shape as a person's, not a made-up actor no one can look up.
        String account = DemoUsers.ALICE_ACCOUNT_ID;
        UUID incidentId = fixture.sealed(Map.of(account, Map.of("ETH", "31")));
        given().auth().oauth2(Tokens.forClient(realmUrl(), "kyc-provider", "kyc-provider-dev-secret"))
                .contentType(ContentType.JSON).body(Map.of("status", "VERIFIED", "reference", "check-" + UUID.randomUUID()))
                .when().put("/accounts/" + account + "/kyc").then().statusCode(200);
        JsonPath claim = as(DemoUsers.ALICE).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/incidents/" + incidentId + "/claims").then().statusCode(201).extract().jsonPath();
        String claimId = claim.getString("id");
        as(DemoUsers.ALICE).when().post("/claims/" + claimId + "/lines/" + claim.getString("lines[0].id") + "/accept")
                .then().statusCode(200);
        ECKeyPair key = Keys.createEcKeyPair();
        String nonce = UUID.randomUUID().toString().replace("-", "").replaceAll("[a-f]", "7");
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(proof(incidentId, account, ETHEREUM, checksummed(key),
                        "1" + nonce, Instant.now().getEpochSecond() + 600, key))
                .when().put("/claims/" + claimId + "/payout-addresses").then().statusCode(200);
        as(DemoUsers.ALICE).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/claims/" + claimId + "/submit").then().statusCode(200).body("status", equalTo("APPROVED"));

        KeycloakAdmin.ServiceAccountUser serviceAccount = KeycloakAdmin.serviceAccountUser(realmUrl(), "claims-service");
        JsonPath audit = as(DemoUsers.AUDREY).when().get("/claims/" + claimId + "/audit").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("APPROVED", audit.getString("entries[-1].action"));
        assertEquals(serviceAccount.subjectId(), audit.getString("entries[-1].actor.subjectId"));
        assertEquals("service-account-claims-service", audit.getString("entries[-1].actor.username"));
        assertEquals(serviceAccount.username(), audit.getString("entries[-1].actor.username"));
        assertNotEquals(serviceAccount.subjectId(), audit.getString("entries[0].actor.subjectId"),
                "the claimant's own steps stay hers");
    }
}

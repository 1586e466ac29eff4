package dev.restitution.claims.claim;

import static dev.restitution.claims.ClaimsTestInfrastructure.realmUrl;
import static dev.restitution.claims.ClaimsTestInfrastructure.tokenFor;
import static dev.restitution.claims.claim.ClaimsFixture.ETHEREUM;
import static dev.restitution.claims.claim.ClaimsFixture.checksummed;
import static dev.restitution.claims.claim.ClaimsFixture.proof;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.devstack.Tokens;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/** The claimant's and reviewers' steps the dispute, evidence and audit tests share. */
final class ClaimSteps {

    private ClaimSteps() {
    }

    static RequestSpecification as(String user) {
        return given().auth().oauth2(tokenFor(user));
    }

    static JsonPath open(String user, UUID incidentId) {
        return as(user).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/incidents/" + incidentId + "/claims")
                .then().statusCode(201).extract().jsonPath();
    }

    static void attestKyc(String accountId, String status) {
        given().auth().oauth2(Tokens.forClient(realmUrl(), "kyc-provider", "kyc-provider-dev-secret"))
                .contentType(ContentType.JSON)
                .body(Map.of("status", status, "reference", "provider-check-" + UUID.randomUUID()))
                .when().put("/accounts/" + accountId + "/kyc")
                .then().statusCode(200).body("status", equalTo(status));
    }

    static String nonce() {
        return UUID.randomUUID().toString().replace("-", "").chars()
                .mapToObj(character -> String.valueOf(character % 10)).reduce("1", String::concat);
    }

    static String proveEthereumAddress(String user, String accountId, UUID incidentId, String claimId) throws Exception {
        ECKeyPair key = Keys.createEcKeyPair();
        as(user).contentType(ContentType.JSON).body(proof(incidentId, accountId, ETHEREUM, checksummed(key), nonce(),
                        Instant.now().getEpochSecond() + 600, key))
                .when().put("/claims/" + claimId + "/payout-addresses").then().statusCode(200);
        return checksummed(key);
    }

    static void dispute(String user, String claimId, String lineId, String claimedAmount) {
        as(user).contentType(ContentType.JSON)
                .body(Map.of("claimedAmount", claimedAmount, "explanation", "A deposit the snapshot missed"))
                .when().post("/claims/" + claimId + "/lines/" + lineId + "/dispute")
                .then().statusCode(200).body("lines.find { it.id == '" + lineId + "' }.status", equalTo("DISPUTED"));
    }

    /** A claim of {@code user} with one ETH line of {@code snapshot}, disputed at {@code claimed}, submitted: UNDER_REVIEW. */
    static JsonPath underReview(ClaimsFixture fixture, String user, String accountId, String snapshot, String claimed)
            throws Exception {
        UUID incidentId = fixture.sealed(Map.of(accountId, Map.of("ETH", snapshot)));
        JsonPath claim = open(user, incidentId);
        String claimId = claim.getString("id");
        dispute(user, claimId, claim.getString("lines[0].id"), claimed);
        proveEthereumAddress(user, accountId, incidentId, claimId);
        return as(user).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/claims/" + claimId + "/submit")
                .then().statusCode(200).body("status", equalTo("UNDER_REVIEW")).extract().jsonPath();
    }

    /** The events the claim's changes wrote to the outbox, oldest first. */
    static List<EventEnvelope> outboxEvents(String claimId) {
        EventCodec codec = new EventCodec();
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<String> payloads = Panache.getEntityManager().createNativeQuery(
                            "select payload from outbox_event where message_key = :claim order by created_at, id")
                    .setParameter("claim", claimId).getResultList();
            return payloads.stream().map(codec::decode).toList();
        });
    }
}

package dev.restitution.claims.security;

import static dev.restitution.claims.ClaimsTestInfrastructure.realmUrl;
import static dev.restitution.claims.ClaimsTestInfrastructure.rows;
import static dev.restitution.claims.ClaimsTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.KeycloakAdmin;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

/** Every request's bearer token is verified: its signature by the realm's key and its audience, whatever it claims. */
@QuarkusTest
class TokenVerificationTest {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

    @Test
    void aTamperedForgedOrUnsignedTokenIsRefused() throws Exception {
        // Why: a claimant must not become another account by editing their token, nor anyone mint one.
        String genuine = tokenFor(DemoUsers.ALICE);
        given().auth().oauth2(genuine).when().get("/incidents").then().statusCode(200);
        String[] parts = genuine.split("\\.");
        String header = new String(URL_DECODER.decode(parts[0]), StandardCharsets.UTF_8);
        String payload = new String(URL_DECODER.decode(parts[1]), StandardCharsets.UTF_8);
        String bobsPayload = payload.replace(DemoUsers.ALICE_ACCOUNT_ID, DemoUsers.BOB_ACCOUNT_ID);
        if (bobsPayload.equals(payload)) {
            throw new IllegalStateException("alice's token carries no account_id to tamper with: " + payload);
        }

        // Alice's signature over a payload naming bob's account.
        refused(parts[0] + "." + encode(bobsPayload) + "." + parts[2]);
        // The same claims signed by a key that is not the realm's, under the realm key's id.
        RsaJsonWebKey foreign = RsaJwkGenerator.generateJwk(2048);
        JsonWebSignature forged = new JsonWebSignature();
        forged.setPayload(payload);
        forged.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        forged.setKeyIdHeaderValue(header.replaceAll(".*\"kid\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
        forged.setKey(foreign.getPrivateKey());
        refused(forged.getCompactSerialization());
        // Unsigned.
        refused(encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
    }

    @Test
    void aTokenIssuedToAnotherApplicationOfTheRealmIsRefusedAndNothingIsWritten() {
        // Why: a token another application holds for alice carries her role and account, but was not issued for claims.
        String foreign = KeycloakAdmin.tokenOfAnotherApplication(realmUrl(), DemoUsers.ALICE, DemoUsers.PASSWORD);
        long claimsBefore = rows("claim");
        given().auth().oauth2(foreign).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/incidents/" + UUID.randomUUID() + "/claims")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        refused(foreign);
        assertEquals(claimsBefore, rows("claim"));
        given().auth().oauth2(tokenFor(DemoUsers.ALICE)).when().get("/incidents").then().statusCode(200);
    }

    private static void refused(String token) {
        given().auth().oauth2(token).when().get("/incidents")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
    }

    private static String encode(String json) {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}

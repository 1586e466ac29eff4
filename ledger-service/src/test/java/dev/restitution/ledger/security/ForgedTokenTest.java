package dev.restitution.ledger.security;

import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ForgedTokenTest.IntrospectionCounted.class)
class ForgedTokenTest {

    /** The service as configured, with its introspection endpoint replaced by one that counts calls. */
    public static final class IntrospectionCounted implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(CountingIntrospectionEndpoint.class));
        }
    }

    private static final int ATTEMPTS = 5;
    private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder().withoutPadding();

    @Test
    void aTokenThatFailsLocalVerificationIsRefusedWithoutAskingKeycloak() throws Exception {
        // Why: if each forged or garbage token made the service call Keycloak's introspection endpoint, anyone could
        // load Keycloak (which every sign-in and service needs) through any service's API.
        String genuine = tokenFor(DemoUsers.IAN);
        given().auth().oauth2(genuine).when().get("/incidents").then().statusCode(200);
        List<String> forged = List.of(signedByAnUnknownKey(genuine), withAlteredClaims(genuine), "not-a-jwt-at-all");
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            for (String token : forged) {
                given().auth().oauth2(token).when().get("/incidents").then().statusCode(401);
            }
        }
        assertEquals(0, introspectionRequests());
    }

    /** The genuine token's header and claims under a key id the realm does not have, signed by a key of our own. */
    private static String signedByAnUnknownKey(String genuine) throws GeneralSecurityException {
        String header = URL_ENCODER.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"forged-key\"}"
                .getBytes(StandardCharsets.UTF_8));
        String claims = genuine.split("\\.")[1];
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return header + "." + claims + "." + sign(header + "." + claims, generator.generateKeyPair().getPrivate());
    }

    /** The genuine token with one more character in its claims: the realm's key id, a signature that no longer matches. */
    private static String withAlteredClaims(String genuine) {
        String[] parts = genuine.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"forged\":true,");
        return parts[0] + "." + URL_ENCODER.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static String sign(String content, PrivateKey key) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(content.getBytes(StandardCharsets.US_ASCII));
        return URL_ENCODER.encodeToString(signature.sign());
    }

    private static int introspectionRequests() {
        String endpoint = ConfigProvider.getConfig().getValue(CountingIntrospectionEndpoint.INTROSPECTION_PATH, String.class);
        String count = given().when().get(URI.create(endpoint).resolve("/count")).then().statusCode(200).extract().asString();
        return Integer.parseInt(count);
    }
}

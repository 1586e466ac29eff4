package dev.restitution.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoPasswordTest {

    /** A password credential as Keycloak 26's admin API lists it (its default Argon2id). */
    private static final String ARGON2 = "{\"hashIterations\":5,\"algorithm\":\"argon2\",\"additionalParameters\":{"
            + "\"hashLength\":[\"32\"],\"memory\":[\"7168\"],\"type\":[\"id\"],\"version\":[\"1.3\"],\"parallelism\":[\"1\"]}}";

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anArgon2CredentialIsReproducedWithItsParametersAndAFreshSalt() throws Exception {
        DemoPassword first = DemoPassword.hashedLike(ARGON2, "demo").orElseThrow();
        DemoPassword second = DemoPassword.hashedLike(ARGON2, "demo").orElseThrow();

        assertEquals(ARGON2, first.credentialData(), "the realm reads the parameters it verifies with from here");
        JsonNode secret = json.readTree(first.secretData());
        assertEquals(32, Base64.getDecoder().decode(secret.get("value").asText()).length, "hashLength bytes");
        assertEquals(16, Base64.getDecoder().decode(secret.get("salt").asText()).length);
        assertNotEquals(secret.get("salt"), json.readTree(second.secretData()).get("salt"));
        assertNotEquals(secret.get("value"), json.readTree(second.secretData()).get("value"), "another salt, another hash");
        assertEquals("password", first.credential().get("type"));
    }

    @Test
    void anotherAlgorithmLeavesTheHashingToTheRealm() {
        String pbkdf2 = "{\"hashIterations\":210000,\"algorithm\":\"pbkdf2-sha512\",\"additionalParameters\":{}}";
        assertEquals(Optional.empty(), DemoPassword.hashedLike(pbkdf2, "demo"));
    }

    @Test
    void aMalformedArgon2CredentialNamesWhatIsWrong() {
        String twoTypes = ARGON2.replace("[\"id\"]", "[\"id\",\"i\"]");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> DemoPassword.hashedLike(twoTypes, "demo"));
        assertTrue(refused.getMessage().contains("type"), refused.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> DemoPassword.hashedLike(ARGON2.replace("\"hashIterations\":5", "\"hashIterations\":0"), "demo"));
        assertTrue(zero.getMessage().contains("hashIterations"), zero.getMessage());
    }
}

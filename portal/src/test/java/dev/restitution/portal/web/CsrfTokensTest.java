package dev.restitution.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class CsrfTokensTest {

    private static final String SECRET = "a-session-encryption-secret-of-enough-length";

    @Test
    void aTokenHoldsOnlyForItsOwnSessionAndKey() {
        // Why: a token copied from one session, or made with another key, must not open another session's forms.
        CsrfTokens tokens = new CsrfTokens(SECRET);
        JsonWebToken alice = idToken("alice-subject", "session-1");
        String token = tokens.tokenFor(alice);
        assertTrue(tokens.matches(alice, token));
        assertEquals(token, tokens.tokenFor(idToken("alice-subject", "session-1")), "stable within a session");
        assertFalse(tokens.matches(idToken("alice-subject", "session-2"), token), "a new login gets a new token");
        assertFalse(tokens.matches(idToken("bob-subject", "session-1"), token));
        assertFalse(new CsrfTokens(SECRET + "-other").matches(alice, token), "another key makes other tokens");
        assertFalse(tokens.matches(alice, null));
        assertFalse(tokens.matches(alice, ""));
        assertFalse(tokens.matches(alice, token + "x"));
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), "an HMAC-SHA256 in base64url: " + token);
    }

    @Test
    void aShortSecretOrATokenWithoutSessionIsRefusedLoudly() {
        // Why: forms must never be protected by a guessable key or by a token that is the same for every session.
        assertThrows(IllegalStateException.class, () -> new CsrfTokens("short"));
        assertThrows(IllegalStateException.class, () -> new CsrfTokens(SECRET).tokenFor(idToken("alice-subject", null)));
    }

    /** An ID token with a subject and Keycloak's session id claim. */
    private static JsonWebToken idToken(String subject, String session) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", subject);
        if (session != null) {
            claims.put("sid", session);
        }
        return new JsonWebToken() {
            @Override
            public String getName() {
                return subject;
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return (T) claims.get(claimName);
            }
        };
    }
}

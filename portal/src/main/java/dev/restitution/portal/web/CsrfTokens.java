package dev.restitution.portal.web;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Form tokens against cross-site request forgery, bound to the Keycloak session: HMAC-SHA256 over the
 * subject and the session id ({@code sid}) of the ID token, keyed by a key derived from the session cookie's
 * encryption secret. A page of another site cannot read the token (it never sees the portal's pages), and a
 * token of one session is worthless in another; the portal keeps no server-side state for it.
 */
@ApplicationScoped
public class CsrfTokens {

    /** The hidden form field, and the header htmx sends ({@link #HEADER}). */
    public static final String FORM_FIELD = "csrf-token";
    public static final String HEADER = "X-CSRF-Token";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public CsrfTokens(@ConfigProperty(name = "quarkus.oidc.token-state-manager.encryption-secret") String sessionSecret) {
        if (sessionSecret.length() < 32) {
            throw new IllegalStateException("the session encryption secret must have 32 characters or more");
        }
        try {
            // A key of its own: the CSRF MAC never reveals anything about the cookie encryption key.
            byte[] derived = MessageDigest.getInstance("SHA-256")
                    .digest(("restitution-portal-csrf|" + sessionSecret).getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(derived, ALGORITHM);
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("SHA-256 is part of every JDK", missing);
        }
    }

    /** The token of the session the ID token belongs to. */
    public String tokenFor(JsonWebToken idToken) {
        String session = idToken.getClaim("sid");
        if (session == null) {
            session = idToken.getClaim("session_state");
        }
        if (idToken.getSubject() == null || session == null) {
            throw new IllegalStateException("the ID token names no subject or session: forms cannot be protected");
        }
        return mac(idToken.getSubject() + "|" + session);
    }

    /** Constant-time comparison of a presented token with the session's. */
    public boolean matches(JsonWebToken idToken, String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 128) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(idToken).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    private String mac(String message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException broken) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", broken);
        }
    }
}

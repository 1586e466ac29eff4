package dev.restitution.kit.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The actor of a service acting on its own (executing a payment, verifying a claim, recording the chain's answer):
 * its client's Keycloak service account, read from an access token the service obtains with its client credentials
 * ({@code sub}: the service-account user's subject id; {@code preferred_username}: {@code service-account-<client>}).
 * Learnt once, when first needed, with a bounded number of attempts; every later action reuses it.
 */
public final class ServiceAccount {

    private static final Logger LOG = Logger.getLogger(ServiceAccount.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String USERNAME_PREFIX = "service-account-";

    private final Supplier<String> accessTokens;
    private final int maxAttempts;
    private final Duration pause;
    private volatile Actor actor;

    /**
     * @param accessTokens the service's own access token (client credentials grant); may throw while Keycloak is away
     * @param maxAttempts  attempts one call of {@link #actor()} makes at most before it fails
     * @param pause        wait between two attempts
     */
    public ServiceAccount(Supplier<String> accessTokens, int maxAttempts, Duration pause) {
        this.accessTokens = Objects.requireNonNull(accessTokens, "accessTokens");
        this.pause = Objects.requireNonNull(pause, "pause");
        if (maxAttempts < 1 || pause.isNegative()) {
            throw new IllegalArgumentException("need maxAttempts >= 1 and a pause >= 0");
        }
        this.maxAttempts = maxAttempts;
    }

    /** The service account; fails (nothing recorded by the caller) when no token could be had in the bounded attempts. */
    public Actor actor() {
        Actor known = actor;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (actor == null) {
                actor = obtain();
            }
            return actor;
        }
    }

    private Actor obtain() {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                return ofAccessToken(accessTokens.get());
            } catch (RuntimeException failed) {
                last = failed;
                LOG.warnf("service account not known yet (attempt %d of %d): %s", attempt, maxAttempts, failed.getMessage());
            }
            if (attempt < maxAttempts) {
                sleep();
            }
        }
        throw new IllegalStateException("could not learn this service's own service account in " + maxAttempts
                + " attempts", last);
    }

    /** The service account an access token (a JWT) was issued to; the token came from the realm's token endpoint. */
    public static Actor ofAccessToken(String accessToken) {
        Objects.requireNonNull(accessToken, "accessToken");
        String[] parts = accessToken.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("an access token is a JWT of three parts, not " + parts.length);
        }
        JsonNode claims;
        try {
            claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException unreadable) {
            throw new IllegalArgumentException("an access token's claims are not JSON", unreadable);
        }
        String subject = claims.path("sub").asText("");
        String username = claims.path("preferred_username").asText("");
        if (subject.isBlank() || !username.startsWith(USERNAME_PREFIX)) {
            throw new IllegalArgumentException("not a service account's token: sub '" + subject
                    + "', preferred_username '" + username + "'");
        }
        return new Actor(subject, username);
    }

    private void sleep() {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while learning this service's own service account", interrupted);
        }
    }
}

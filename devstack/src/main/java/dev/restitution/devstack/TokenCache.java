package dev.restitution.devstack;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Access tokens kept until shortly before they expire (or, for a step-up token, before its second factor grows too
 * old for the services), so that tests and the demo sign a person in once instead of spending a one-time code on
 * every request.
 */
final class TokenCache {

    /** A token is handed out only while it stays valid at least this long: a test's requests take a few seconds. */
    static final Duration MARGIN = Duration.ofSeconds(30);
    /** The services' step-up window (restitution.step-up.max-age): a cached step-up token is renewed before it ends. */
    static final Duration STEP_UP_MAX_AGE = Duration.ofMinutes(10);

    private final Map<String, Cached> tokens = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    String get(String key, Supplier<String> signIn) {
        Instant now = Instant.now();
        Cached cached = tokens.get(key);
        if (cached != null && cached.usableUntil().isAfter(now)) {
            return cached.token();
        }
        synchronized (locks.computeIfAbsent(key, any -> new Object())) {
            cached = tokens.get(key);
            if (cached != null && cached.usableUntil().isAfter(Instant.now())) {
                return cached.token();
            }
            String token = signIn.get();
            tokens.put(key, new Cached(token, usableUntil(token)));
            return token;
        }
    }

    /** The token's expiry, and for a token with acr mfa its auth_time plus the step-up window, less the margin. */
    static Instant usableUntil(String token) {
        var claims = Tokens.claims(token);
        Instant until = Instant.ofEpochSecond(claims.path("exp").asLong());
        if ("mfa".equals(claims.path("acr").asText()) && claims.has("auth_time")) {
            Instant stepUpEnds = Instant.ofEpochSecond(claims.path("auth_time").asLong()).plus(STEP_UP_MAX_AGE);
            until = stepUpEnds.isBefore(until) ? stepUpEnds : until;
        }
        return until.minus(MARGIN);
    }

    private record Cached(String token, Instant usableUntil) {
    }
}

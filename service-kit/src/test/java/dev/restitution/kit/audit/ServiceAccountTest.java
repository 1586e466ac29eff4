package dev.restitution.kit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceAccountTest {

    private static String token(String claimsJson) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    @Test
    void theActorIsTheTokensSubjectAndServiceAccountName() {
        // Why: a service's own actions must carry the same subject id Keycloak gives its service-account user.
        Actor actor = ServiceAccount.ofAccessToken(token(
                "{\"sub\":\"5f0c2b4e-1111-4c4c-9a9a-000000000001\",\"preferred_username\":\"service-account-payout-service\"}"));
        assertEquals(new Actor("5f0c2b4e-1111-4c4c-9a9a-000000000001", "service-account-payout-service"), actor);
    }

    @Test
    void aPersonsTokenIsNotTakenForTheServiceAccount() {
        // Why: a token of a person (or one without a subject) must never become the service's actor.
        assertThrows(IllegalArgumentException.class, () -> ServiceAccount.ofAccessToken(token(
                "{\"sub\":\"5f0c2b4e\",\"preferred_username\":\"fiona\"}")));
        assertThrows(IllegalArgumentException.class, () -> ServiceAccount.ofAccessToken(token(
                "{\"preferred_username\":\"service-account-claims-service\"}")));
        assertThrows(IllegalArgumentException.class, () -> ServiceAccount.ofAccessToken("not-a-jwt"));
    }

    @Test
    void theAccountIsLearntOnceAfterBoundedRetries() {
        // Why: Keycloak may be away at first; the service retries a bounded number of times, then asks no more.
        AtomicInteger calls = new AtomicInteger();
        ServiceAccount account = new ServiceAccount(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("Keycloak unreachable");
            }
            return token("{\"sub\":\"abc\",\"preferred_username\":\"service-account-ledger-service\"}");
        }, 3, Duration.ZERO);
        assertEquals("abc", account.actor().subjectId());
        assertEquals("abc", account.actor().subjectId());
        assertEquals(3, calls.get());
    }

    @Test
    void givingUpAfterTheLastAttemptFailsTheAction() {
        // Why: without a known service account nothing may be recorded under a made-up actor.
        AtomicInteger calls = new AtomicInteger();
        ServiceAccount account = new ServiceAccount(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("Keycloak unreachable");
        }, 2, Duration.ZERO);
        assertThrows(IllegalStateException.class, account::actor);
        assertEquals(2, calls.get());
    }
}

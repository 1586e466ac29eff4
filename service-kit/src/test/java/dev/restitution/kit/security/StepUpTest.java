package dev.restitution.kit.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.kit.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepUpTest {

    private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");
    private final StepUp stepUp = new StepUp(Duration.ofMinutes(10));

    @Test
    void aSecondFactorUsedWithinTheMaximumAgeIsEnough() {
        // Why: a claimant who just stepped up must be able to submit.
        long authTime = NOW.minusSeconds(600).getEpochSecond();
        assertTrue(stepUp.shortfall(Optional.of("mfa"), Optional.of(authTime), NOW).isEmpty());
        stepUp.require("Submitting", Optional.of("mfa"), Optional.of(authTime), NOW);
    }

    @Test
    void aSecondFactorOlderThanTheMaximumAgeIsRefused() {
        // Why: a stolen session whose second factor is old must not change where money goes.
        long authTime = NOW.minusSeconds(601).getEpochSecond();
        assertTrue(stepUp.shortfall(Optional.of("mfa"), Optional.of(authTime), NOW).orElseThrow().contains("600 seconds"));
    }

    @Test
    void aPasswordOnlySignInIsRefused() {
        // Why: acr pwd (or none) is exactly what an account takeover with a phished password yields.
        assertTrue(stepUp.shortfall(Optional.of("pwd"), Optional.of(NOW.getEpochSecond()), NOW).isPresent());
        assertTrue(stepUp.shortfall(Optional.empty(), Optional.of(NOW.getEpochSecond()), NOW).isPresent());
        assertTrue(stepUp.shortfall(Optional.of("mfa"), Optional.empty(), NOW).isPresent());
    }

    @Test
    void theRefusalIsA401StepUpProblemWithTheRfc9470Challenge() {
        // Why: the portal reads the problem type and the challenge to send the browser back to the realm.
        ProblemException refused = assertThrows(ProblemException.class,
                () -> stepUp.require("Submitting a claim", Optional.of("pwd"), Optional.of(NOW.getEpochSecond()), NOW));
        assertEquals(401, refused.problem().status());
        assertEquals("/problems/step-up-required", refused.problem().type());
        assertEquals("Bearer error=\"insufficient_user_authentication\", acr_values=\"mfa\", max_age=600",
                refused.headers().get("WWW-Authenticate"));
    }

    @Test
    void aMaximumAgeBelowOneSecondIsRefused() {
        // Why: a zero or negative max age would refuse every step-up, or accept any, without saying why.
        assertThrows(IllegalArgumentException.class, () -> new StepUp(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new StepUp(Duration.ofSeconds(-5)));
    }
}

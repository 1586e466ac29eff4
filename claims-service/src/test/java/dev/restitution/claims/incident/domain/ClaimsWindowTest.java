package dev.restitution.claims.incident.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClaimsWindowTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    void claimsOpenOnlyBetweenOpeningAndTheDeadlineUnlessAdmittedLate() {
        // Why: the bar date is a hard line in time; a late admission is the only way past it, never before opening.
        Optional<Instant> tomorrow = Optional.of(NOW.plusSeconds(86_400));
        Optional<Instant> deadlineNow = Optional.of(NOW);
        assertEquals(Optional.empty(), ClaimsWindow.refusal(IncidentState.CLAIMS_OPEN, tomorrow, NOW, false));
        assertEquals(Optional.of(ClaimsWindow.Refusal.CLAIMS_CLOSED),
                ClaimsWindow.refusal(IncidentState.CLAIMS_OPEN, deadlineNow, NOW, false));
        assertEquals(Optional.empty(), ClaimsWindow.refusal(IncidentState.CLAIMS_OPEN, deadlineNow, NOW, true));
        assertEquals(Optional.of(ClaimsWindow.Refusal.CLAIMS_CLOSED),
                ClaimsWindow.refusal(IncidentState.CLAIMS_CLOSED, tomorrow, NOW, false));
        assertEquals(Optional.empty(), ClaimsWindow.refusal(IncidentState.DISTRIBUTING, tomorrow, NOW, true));
        assertEquals(Optional.of(ClaimsWindow.Refusal.CLAIMS_NOT_OPEN),
                ClaimsWindow.refusal(IncidentState.SNAPSHOT_SEALED, Optional.empty(), NOW, true));
        assertEquals(Optional.of(ClaimsWindow.Refusal.CLAIMS_CLOSED),
                ClaimsWindow.refusal(IncidentState.CLAIMS_OPEN, Optional.empty(), NOW, false));
    }
}

package dev.restitution.ledger.incident.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.ledger.security.Roles;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IncidentLifecycleTest {

    private static final Set<String> ADMIN = Set.of(Roles.INCIDENT_ADMIN);
    private static final Set<String> FINANCE = Set.of(Roles.FINANCE_OPERATOR);

    @Test
    void anIncidentAdminWalksTheIncidentForwardOneStateAtATime() {
        // Why: the happy path after sealing must be open to the incident-admin, step by step.
        assertTrue(IncidentLifecycle.checkTransition(IncidentState.SNAPSHOT_SEALED, IncidentState.CLAIMS_OPEN, ADMIN).isEmpty());
        assertTrue(IncidentLifecycle.checkTransition(IncidentState.CLAIMS_OPEN, IncidentState.CLAIMS_CLOSED, ADMIN).isEmpty());
        assertTrue(IncidentLifecycle.checkTransition(IncidentState.CLAIMS_CLOSED, IncidentState.DISTRIBUTING, ADMIN).isEmpty());
        assertTrue(IncidentLifecycle.checkTransition(IncidentState.DISTRIBUTING, IncidentState.CLOSED, ADMIN).isEmpty());
    }

    @Test
    void financeMayStartDistributingButNothingElse() {
        // Why: finance opens distribution once claims are closed; opening or closing claims is the admin's call.
        assertTrue(IncidentLifecycle.checkTransition(IncidentState.CLAIMS_CLOSED, IncidentState.DISTRIBUTING, FINANCE).isEmpty());
        assertEquals(IncidentLifecycle.Refusal.Kind.FORBIDDEN, IncidentLifecycle.checkTransition(
                IncidentState.SNAPSHOT_SEALED, IncidentState.CLAIMS_OPEN, FINANCE).orElseThrow().kind());
        assertEquals(IncidentLifecycle.Refusal.Kind.FORBIDDEN, IncidentLifecycle.checkTransition(
                IncidentState.DISTRIBUTING, IncidentState.CLOSED, FINANCE).orElseThrow().kind());
    }

    @Test
    void skippingGoingBackAndStayingAreNotMoves() {
        // Why: a closed incident must not reopen, and claims must not open before the snapshot is sealed.
        assertEquals(IncidentLifecycle.Refusal.Kind.NOT_A_MOVE, IncidentLifecycle.checkTransition(
                IncidentState.DECLARED, IncidentState.CLAIMS_OPEN, ADMIN).orElseThrow().kind());
        assertEquals(IncidentLifecycle.Refusal.Kind.NOT_A_MOVE, IncidentLifecycle.checkTransition(
                IncidentState.CLOSED, IncidentState.DISTRIBUTING, ADMIN).orElseThrow().kind());
        assertEquals(IncidentLifecycle.Refusal.Kind.NOT_A_MOVE, IncidentLifecycle.checkTransition(
                IncidentState.CLAIMS_OPEN, IncidentState.CLAIMS_OPEN, ADMIN).orElseThrow().kind());
        assertTrue(IncidentLifecycle.checkTransition(IncidentState.CLOSED, IncidentState.DECLARED, ADMIN)
                .orElseThrow().reason().contains("final"));
    }

    @Test
    void onlySealingMovesADeclaredIncidentToSnapshotSealed() {
        // Why: SNAPSHOT_SEALED promises a sealed Merkle root; a plain transition cannot keep that promise.
        assertEquals(IncidentLifecycle.Refusal.Kind.SEALING_ONLY, IncidentLifecycle.checkTransition(
                IncidentState.DECLARED, IncidentState.SNAPSHOT_SEALED, ADMIN).orElseThrow().kind());
        assertTrue(IncidentLifecycle.maySeal(IncidentState.DECLARED));
        for (IncidentState later : IncidentState.values()) {
            if (later != IncidentState.DECLARED) {
                assertFalse(IncidentLifecycle.maySeal(later), later.name());
            }
        }
    }

    @Test
    void openingClaimsNeedsABarDateInTheFutureAndNoOtherMoveTakesOne() {
        // Why: claimants need a known, reachable bar date; a later move must not shift it silently.
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(List.of(), IncidentLifecycle.claimsDeadlineViolations(IncidentState.CLAIMS_OPEN,
                Optional.of(now.plusSeconds(1)), now));
        assertEquals(List.of(new FieldViolation("claimsDeadline", "is required when moving to CLAIMS_OPEN")),
                IncidentLifecycle.claimsDeadlineViolations(IncidentState.CLAIMS_OPEN, Optional.empty(), now));
        assertEquals(List.of(new FieldViolation("claimsDeadline", "must be in the future")),
                IncidentLifecycle.claimsDeadlineViolations(IncidentState.CLAIMS_OPEN, Optional.of(now), now));
        assertEquals(List.of(new FieldViolation("claimsDeadline", "is set only when moving to CLAIMS_OPEN")),
                IncidentLifecycle.claimsDeadlineViolations(IncidentState.CLAIMS_CLOSED, Optional.of(now.plusSeconds(60)), now));
        assertEquals(List.of(), IncidentLifecycle.claimsDeadlineViolations(IncidentState.CLAIMS_CLOSED, Optional.empty(), now));
    }
}

package dev.restitution.ledger.incident.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.ledger.security.Roles;
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
}

package dev.restitution.claims.claim.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PayoutAddressChangeLifecycleTest {

    private static final Instant EFFECTIVE_AT = Instant.parse("2026-01-03T00:00:00Z");

    @Test
    void aPendingChangeIsCancelledOnlyBeforeEffectiveAtAndTakesEffectOnlyFromIt() {
        // Why: time decides; a cancel that comes a moment late must be refused as "already in force", never accepted.
        Instant before = EFFECTIVE_AT.minusMillis(1);
        assertTrue(PayoutAddressChangeLifecycle.checkMove(PayoutAddressChangeState.PENDING,
                PayoutAddressChangeState.CANCELLED, EFFECTIVE_AT, before).isEmpty());
        assertEquals(PayoutAddressChangeLifecycle.Refusal.Kind.ALREADY_IN_FORCE, PayoutAddressChangeLifecycle.checkMove(
                PayoutAddressChangeState.PENDING, PayoutAddressChangeState.CANCELLED, EFFECTIVE_AT, EFFECTIVE_AT)
                .orElseThrow().kind());
        assertEquals(PayoutAddressChangeLifecycle.Refusal.Kind.NOT_YET_DUE, PayoutAddressChangeLifecycle.checkMove(
                PayoutAddressChangeState.PENDING, PayoutAddressChangeState.EFFECTIVE, EFFECTIVE_AT, before)
                .orElseThrow().kind());
        assertTrue(PayoutAddressChangeLifecycle.checkMove(PayoutAddressChangeState.PENDING,
                PayoutAddressChangeState.EFFECTIVE, EFFECTIVE_AT, EFFECTIVE_AT).isEmpty());
        assertEquals(PayoutAddressChangeState.EFFECTIVE,
                PayoutAddressChangeLifecycle.stateAt(PayoutAddressChangeState.PENDING, EFFECTIVE_AT, EFFECTIVE_AT));
        assertEquals(PayoutAddressChangeState.PENDING,
                PayoutAddressChangeLifecycle.stateAt(PayoutAddressChangeState.PENDING, EFFECTIVE_AT, before));
    }

    @Test
    void cancelledAndEffectiveChangesAreFinal() {
        // Why: a cancelled address must never come into force later, and an effective one never be cancelled.
        for (PayoutAddressChangeState done : new PayoutAddressChangeState[] {PayoutAddressChangeState.CANCELLED,
                PayoutAddressChangeState.EFFECTIVE}) {
            for (PayoutAddressChangeState to : PayoutAddressChangeState.values()) {
                assertEquals(PayoutAddressChangeLifecycle.Refusal.Kind.NOT_A_MOVE, PayoutAddressChangeLifecycle
                        .checkMove(done, to, EFFECTIVE_AT, EFFECTIVE_AT.plusSeconds(1)).orElseThrow().kind());
            }
        }
    }

    @Test
    void anAddressIsReplaceableUntilItsChainIsPaidAndOneChangeWaitsAtATime() {
        // Why: rejected, withdrawn and fully paid claims owe nothing more; two waiting changes would race each other.
        assertTrue(PayoutAddressChangeLifecycle.checkReplacement(ClaimStatus.APPROVED, false, false).isEmpty());
        assertTrue(PayoutAddressChangeLifecycle.checkReplacement(ClaimStatus.DRAFT, false, false).isEmpty());
        assertEquals(PayoutAddressChangeLifecycle.Refusal.Kind.CLAIM_CLOSED,
                PayoutAddressChangeLifecycle.checkReplacement(ClaimStatus.REJECTED, false, false).orElseThrow().kind());
        assertEquals(PayoutAddressChangeLifecycle.Refusal.Kind.CLAIM_CLOSED,
                PayoutAddressChangeLifecycle.checkReplacement(ClaimStatus.WITHDRAWN, false, false).orElseThrow().kind());
        assertEquals(PayoutAddressChangeLifecycle.Refusal.Kind.CHAIN_PAID,
                PayoutAddressChangeLifecycle.checkReplacement(ClaimStatus.APPROVED, true, false).orElseThrow().kind());
        assertEquals(PayoutAddressChangeLifecycle.Refusal.Kind.CHANGE_PENDING,
                PayoutAddressChangeLifecycle.checkReplacement(ClaimStatus.APPROVED, false, true).orElseThrow().kind());
        assertEquals(EFFECTIVE_AT, PayoutAddressChangeLifecycle.effectiveAt(EFFECTIVE_AT.minus(Duration.ofHours(48)),
                Duration.ofHours(48)));
        assertThrows(IllegalArgumentException.class,
                () -> PayoutAddressChangeLifecycle.effectiveAt(EFFECTIVE_AT, Duration.ofSeconds(-1)));
    }
}

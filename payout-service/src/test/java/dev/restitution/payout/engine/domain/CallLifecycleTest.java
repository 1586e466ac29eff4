package dev.restitution.payout.engine.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.payout.engine.domain.CallLifecycle.Refusal;
import dev.restitution.payout.engine.domain.CallLifecycle.Step;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallLifecycleTest {

    @Test
    void aCallMovesOnlyForwardThroughTheTable() {
        // Why: a payment signed once must never go back to QUEUED, where it would be signed with a second nonce.
        assertEquals(CallState.PENDING, CallLifecycle.next(CallState.QUEUED, false, Step.SIGN));
        assertEquals(CallState.CONFIRMED, CallLifecycle.next(CallState.PENDING, false, Step.CONFIRM));
        assertEquals(CallState.FAILED, CallLifecycle.next(CallState.PENDING, true, Step.FAIL));
        assertEquals(CallState.FAILED, CallLifecycle.next(CallState.QUEUED, false, Step.REFUSE));
        assertEquals(Refusal.Kind.NOT_A_MOVE,
                CallLifecycle.check(CallState.PENDING, false, Step.SIGN).orElseThrow().kind());
        assertEquals(Refusal.Kind.NOT_A_MOVE,
                CallLifecycle.check(CallState.QUEUED, false, Step.CONFIRM).orElseThrow().kind());
    }

    @Test
    void finalStatesRefuseEveryStep() {
        // Why: a confirmed call paid once; confirming, failing or holding it again would report it twice.
        for (CallState done : new CallState[] {CallState.CONFIRMED, CallState.FAILED}) {
            assertTrue(CallLifecycle.isFinal(done));
            for (Step step : Step.values()) {
                assertEquals(Refusal.Kind.FINAL, CallLifecycle.check(done, false, step).orElseThrow().kind());
            }
        }
        assertFalse(CallLifecycle.isFinal(CallState.PENDING));
    }

    @Test
    void aPendingCallIsHeldOnceAndStaysPending() {
        // Why: holding stops signing, not observing: a transaction signed before may still be mined and must be seen.
        assertEquals(CallState.PENDING, CallLifecycle.next(CallState.PENDING, false, Step.HOLD));
        assertEquals(Optional.of(Refusal.Kind.ALREADY_HELD),
                CallLifecycle.check(CallState.PENDING, true, Step.HOLD).map(Refusal::kind));
        CallLifecycle.MoveRefused refused = assertThrows(CallLifecycle.MoveRefused.class,
                () -> CallLifecycle.next(CallState.QUEUED, false, Step.HOLD));
        assertEquals(Refusal.Kind.NOT_A_MOVE, refused.refusal().kind());
    }
}

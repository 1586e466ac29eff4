package dev.restitution.payout.instruction.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.kit.id.ClaimId;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.payout.batch.domain.BatchLifecycle;
import dev.restitution.payout.batch.domain.BatchState;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InstructionLifecycleTest {

    @Test
    void aWaitingInstructionLeavesOnlyForAnAddressAndNeverStraightIntoABatch() {
        // Why: money waiting out a cool-down must not be batched (paid) before its address is settled.
        assertTrue(InstructionLifecycle.check(InstructionState.PENDING, InstructionState.WAITING_ADDRESS,
                InstructionLifecycle.Step.WAIT_FOR_ADDRESS).isEmpty());
        assertTrue(InstructionLifecycle.check(InstructionState.HELD_DENIED, InstructionState.WAITING_ADDRESS,
                InstructionLifecycle.Step.WAIT_FOR_ADDRESS).isEmpty());
        assertEquals(InstructionLifecycle.Refusal.Kind.NOT_A_MOVE, InstructionLifecycle.check(
                InstructionState.WAITING_ADDRESS, InstructionState.BATCHED, InstructionLifecycle.Step.BATCH)
                .orElseThrow().kind());
        assertEquals(InstructionLifecycle.Refusal.Kind.NOT_A_MOVE, InstructionLifecycle.check(
                InstructionState.BATCHED, InstructionState.WAITING_ADDRESS, InstructionLifecycle.Step.WAIT_FOR_ADDRESS)
                .orElseThrow().kind());
        assertEquals(InstructionLifecycle.Refusal.Kind.FINAL, InstructionLifecycle.check(InstructionState.PAID,
                InstructionState.PENDING, InstructionLifecycle.Step.RETRY).orElseThrow().kind());
        // Every state but PAID has a way out: no instruction's money is stuck for good.
        for (InstructionState state : InstructionState.values()) {
            assertEquals(state != InstructionState.PAID,
                    InstructionLifecycle.MOVES.stream().anyMatch(move -> move.from() == state), state.name());
        }
    }

    @Test
    void anApprovedBatchIsCancelledForAnAddressChangeOnlyBeforeAnyOrderIsSigned() {
        // Why: a signed transaction may be mined whatever we decide; only an unsigned batch can be called back.
        assertTrue(BatchLifecycle.check(BatchState.APPROVED, BatchState.CANCELLED,
                BatchLifecycle.Step.CANCEL_FOR_ADDRESS_CHANGE, false).isEmpty());
        assertEquals(BatchLifecycle.Refusal.Kind.ALREADY_SIGNED, BatchLifecycle.check(BatchState.APPROVED,
                BatchState.CANCELLED, BatchLifecycle.Step.CANCEL_FOR_ADDRESS_CHANGE, true).orElseThrow().kind());
        assertEquals(BatchLifecycle.Refusal.Kind.NOT_A_MOVE, BatchLifecycle.check(BatchState.APPROVED,
                BatchState.CANCELLED, BatchLifecycle.Step.CANCEL, false).orElseThrow().kind());
        assertEquals(BatchLifecycle.Refusal.Kind.NOT_A_MOVE, BatchLifecycle.check(BatchState.PAID,
                BatchState.CANCELLED, BatchLifecycle.Step.CANCEL_FOR_ADDRESS_CHANGE, false).orElseThrow().kind());
    }

    @Test
    void aChangeAppliesOnlyAfterEffectiveAtAndTheGraceAndIsFinalOnceDecided() {
        // Why: the grace lets a cancel accepted just before effectiveAt arrive before the new address is paid.
        Instant effectiveAt = Instant.parse("2026-01-03T00:00:00Z");
        Duration grace = Duration.ofMinutes(10);
        AddressChange waiting = new AddressChange(UUID.randomUUID(), new ClaimId(UUID.randomUUID()),
                new IncidentId(UUID.randomUUID()), 1, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", effectiveAt, AddressChangeState.WAITING);
        assertEquals(AddressChangeLifecycle.Refusal.Kind.NOT_YET_DUE, AddressChangeLifecycle.check(waiting,
                AddressChangeState.APPLIED, effectiveAt.plus(grace).minusMillis(1), grace).orElseThrow().kind());
        assertTrue(AddressChangeLifecycle.check(waiting, AddressChangeState.APPLIED, effectiveAt.plus(grace), grace)
                .isEmpty());
        assertTrue(AddressChangeLifecycle.check(waiting, AddressChangeState.CANCELLED, effectiveAt, grace).isEmpty());
        AddressChange cancelled = new AddressChange(waiting.eventId(), waiting.claimId(), waiting.incidentId(), 1,
                waiting.previousAddress(), waiting.address(), effectiveAt, AddressChangeState.CANCELLED);
        assertEquals(AddressChangeLifecycle.Refusal.Kind.NOT_A_MOVE, AddressChangeLifecycle.check(cancelled,
                AddressChangeState.APPLIED, effectiveAt.plus(grace), grace).orElseThrow().kind());
    }
}

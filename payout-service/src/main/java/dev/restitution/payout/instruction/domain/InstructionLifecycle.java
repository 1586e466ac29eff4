package dev.restitution.payout.instruction.domain;

import java.util.List;
import java.util.Optional;

/**
 * Which state an instruction may move to from which, and why. Money is never lost: every move keeps the instruction
 * (and its amount) in exactly one state, and only BATCHED leads to PAID or FAILED (a transaction's outcome).
 */
public final class InstructionLifecycle {

    /** What moves an instruction. */
    public enum Step {
        BATCH, UNBATCH, SETTLE, FAIL, RETRY, DENY, RELEASE, WAIT_FOR_ADDRESS, ADDRESS_SETTLED
    }

    public record Move(InstructionState from, InstructionState to, Step step) {
    }

    /** Why a move is refused: not in the table, or from a final state (PAID). */
    public record Refusal(Kind kind, String reason) {
        public enum Kind { NOT_A_MOVE, FINAL }
    }

    public static final List<Move> MOVES = List.of(
            new Move(InstructionState.PENDING, InstructionState.BATCHED, Step.BATCH),
            new Move(InstructionState.BATCHED, InstructionState.PENDING, Step.UNBATCH),
            new Move(InstructionState.BATCHED, InstructionState.PAID, Step.SETTLE),
            new Move(InstructionState.BATCHED, InstructionState.FAILED, Step.FAIL),
            new Move(InstructionState.FAILED, InstructionState.PENDING, Step.RETRY),
            new Move(InstructionState.PENDING, InstructionState.HELD_DENIED, Step.DENY),
            new Move(InstructionState.HELD_DENIED, InstructionState.PENDING, Step.RELEASE),
            new Move(InstructionState.PENDING, InstructionState.WAITING_ADDRESS, Step.WAIT_FOR_ADDRESS),
            new Move(InstructionState.HELD_DENIED, InstructionState.WAITING_ADDRESS, Step.WAIT_FOR_ADDRESS),
            new Move(InstructionState.WAITING_ADDRESS, InstructionState.PENDING, Step.ADDRESS_SETTLED),
            new Move(InstructionState.WAITING_ADDRESS, InstructionState.HELD_DENIED, Step.ADDRESS_SETTLED));

    private InstructionLifecycle() {
    }

    /** Why {@code step} may not move an instruction from {@code from} to {@code to}; empty when it may. */
    public static Optional<Refusal> check(InstructionState from, InstructionState to, Step step) {
        if (from == InstructionState.PAID) {
            return Optional.of(new Refusal(Refusal.Kind.FINAL, "a PAID instruction is final; " + step + " refused"));
        }
        boolean allowed = MOVES.stream().anyMatch(move -> move.from() == from && move.to() == to && move.step() == step);
        return allowed ? Optional.empty()
                : Optional.of(new Refusal(Refusal.Kind.NOT_A_MOVE, step + " does not move an instruction from " + from
                + " to " + to));
    }

    /** States a change of the payout address takes an instruction out of, into WAITING_ADDRESS. */
    public static boolean waitsForAddress(InstructionState state) {
        return state == InstructionState.PENDING || state == InstructionState.HELD_DENIED;
    }
}

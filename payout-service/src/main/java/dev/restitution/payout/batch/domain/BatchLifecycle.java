package dev.restitution.payout.batch.domain;

import java.util.List;
import java.util.Optional;

/**
 * Which state a batch may move to from which, and by what step. PROPOSED -> APPROVED (final approval) or CANCELLED
 * (by a finance-operator, or by a payout address change of one of its items); APPROVED -> CANCELLED only by an address
 * change and only while none of its payment orders was signed (then nothing of it can be on the chain); APPROVED ->
 * PAID or FAILED by its orders' outcome. PAID, FAILED and CANCELLED are final.
 */
public final class BatchLifecycle {

    public enum Step { APPROVE, CANCEL, CANCEL_FOR_ADDRESS_CHANGE, SETTLE, FAIL }

    public record Move(BatchState from, BatchState to, Step step) {
    }

    /** Why a move is refused; {@link Kind#ALREADY_SIGNED}: an order of the batch may be on the chain. */
    public record Refusal(Kind kind, String reason) {
        public enum Kind { NOT_A_MOVE, ALREADY_SIGNED }
    }

    public static final List<Move> MOVES = List.of(
            new Move(BatchState.PROPOSED, BatchState.APPROVED, Step.APPROVE),
            new Move(BatchState.PROPOSED, BatchState.CANCELLED, Step.CANCEL),
            new Move(BatchState.PROPOSED, BatchState.CANCELLED, Step.CANCEL_FOR_ADDRESS_CHANGE),
            new Move(BatchState.APPROVED, BatchState.CANCELLED, Step.CANCEL_FOR_ADDRESS_CHANGE),
            new Move(BatchState.APPROVED, BatchState.PAID, Step.SETTLE),
            new Move(BatchState.APPROVED, BatchState.FAILED, Step.FAIL));

    private BatchLifecycle() {
    }

    /**
     * Why {@code step} may not move a batch in {@code from} to {@code to}; {@code anyOrderSigned}: a payment order of
     * it left QUEUED (signed, broadcast or done). Empty when it may.
     */
    public static Optional<Refusal> check(BatchState from, BatchState to, Step step, boolean anyOrderSigned) {
        if (MOVES.stream().noneMatch(move -> move.from() == from && move.to() == to && move.step() == step)) {
            return Optional.of(new Refusal(Refusal.Kind.NOT_A_MOVE, step + " does not move a batch from " + from
                    + " to " + to));
        }
        if (step == Step.CANCEL_FOR_ADDRESS_CHANGE && anyOrderSigned) {
            return Optional.of(new Refusal(Refusal.Kind.ALREADY_SIGNED, "a payment order of the batch was signed and "
                    + "may be on the chain; the batch pays the address it holds"));
        }
        return Optional.empty();
    }
}

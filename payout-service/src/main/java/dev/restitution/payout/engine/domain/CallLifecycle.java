package dev.restitution.payout.engine.domain;

import java.util.List;
import java.util.Optional;

/**
 * Which state a chain call may move to from which, and by what step. A call only moves forward:
 * QUEUED -> PENDING (its first transaction signed and stored) -> CONFIRMED (one of its transactions mined at
 * depth and succeeded) or FAILED (refused before signing, reverted, or cancelled at depth). A PENDING call may be
 * held once (nothing more is signed or broadcast for it, its receipts are still observed); holding changes no state.
 */
public final class CallLifecycle {

    /** What moves a call. */
    public enum Step {
        SIGN,
        REFUSE,
        CONFIRM,
        FAIL,
        HOLD
    }

    /** One allowed move. */
    public record Move(CallState from, CallState to, Step step) {
    }

    /** Why a move is refused. */
    public record Refusal(Kind kind, String reason) {
        public enum Kind { NOT_A_MOVE, FINAL, ALREADY_HELD }
    }

    /** Thrown when code tries a move the table does not hold: a broken invariant, never an expected outcome. */
    public static final class MoveRefused extends IllegalStateException {
        private final transient Refusal refusal;

        public MoveRefused(Refusal refusal) {
            super(refusal.reason());
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    public static final List<Move> MOVES = List.of(
            new Move(CallState.QUEUED, CallState.PENDING, Step.SIGN),
            new Move(CallState.QUEUED, CallState.FAILED, Step.REFUSE),
            new Move(CallState.PENDING, CallState.PENDING, Step.HOLD),
            new Move(CallState.PENDING, CallState.CONFIRMED, Step.CONFIRM),
            new Move(CallState.PENDING, CallState.FAILED, Step.FAIL));

    private CallLifecycle() {
    }

    /** The state {@code step} moves a call in {@code from} to (already held: {@code held}), or why it may not. */
    public static Optional<Refusal> check(CallState from, boolean held, Step step) {
        if (from == CallState.CONFIRMED || from == CallState.FAILED) {
            return Optional.of(new Refusal(Refusal.Kind.FINAL, "a call in " + from + " is final; " + step + " refused"));
        }
        if (step == Step.HOLD && held) {
            return Optional.of(new Refusal(Refusal.Kind.ALREADY_HELD, "the call is held already"));
        }
        return move(from, step).isPresent() ? Optional.empty() : Optional.of(new Refusal(Refusal.Kind.NOT_A_MOVE,
                "a call in " + from + " cannot take the step " + step));
    }

    /** Where {@code step} leads from {@code from}; throws {@link MoveRefused} when the table does not allow it. */
    public static CallState next(CallState from, boolean held, Step step) {
        Optional<Refusal> refusal = check(from, held, step);
        if (refusal.isPresent()) {
            throw new MoveRefused(refusal.get());
        }
        return move(from, step).orElseThrow().to();
    }

    /** Whether a call in {@code state} is final. */
    public static boolean isFinal(CallState state) {
        return MOVES.stream().noneMatch(move -> move.from() == state);
    }

    private static Optional<Move> move(CallState from, Step step) {
        return MOVES.stream().filter(candidate -> candidate.from() == from && candidate.step() == step).findFirst();
    }
}

package dev.restitution.payout.instruction.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How a payout address change moves in payout-service: WAITING -> CANCELLED (the claimant's cancel); WAITING ->
 * APPLIED once effectiveAt plus the grace has passed (claims-service accepts a cancel until effectiveAt; the grace
 * lets such a cancel, on its way through Kafka, arrive before the new address is paid). CANCELLED and APPLIED are final.
 */
public final class AddressChangeLifecycle {

    public record Move(AddressChangeState from, AddressChangeState to) {
    }

    public record Refusal(Kind kind, String reason) {
        public enum Kind { NOT_A_MOVE, NOT_YET_DUE }
    }

    public static final List<Move> MOVES = List.of(
            new Move(AddressChangeState.WAITING, AddressChangeState.CANCELLED),
            new Move(AddressChangeState.WAITING, AddressChangeState.APPLIED));

    private AddressChangeLifecycle() {
    }

    /** Why {@code change} may not move to {@code to} at {@code now}; empty when it may. */
    public static Optional<Refusal> check(AddressChange change, AddressChangeState to, Instant now, Duration grace) {
        if (MOVES.stream().noneMatch(move -> move.from() == change.state() && move.to() == to)) {
            return Optional.of(new Refusal(Refusal.Kind.NOT_A_MOVE, "a change that is " + change.state()
                    + " cannot become " + to));
        }
        if (to == AddressChangeState.APPLIED && now.isBefore(appliesAt(change, grace))) {
            return Optional.of(new Refusal(Refusal.Kind.NOT_YET_DUE, "the change applies from "
                    + appliesAt(change, grace)));
        }
        return Optional.empty();
    }

    /** When the new address starts being paid: effectiveAt plus the grace, never before effectiveAt. */
    public static Instant appliesAt(AddressChange change, Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the grace is a duration of zero or more");
        }
        return change.effectiveAt().plus(grace);
    }
}

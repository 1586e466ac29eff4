package dev.restitution.claims.claim.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a payout address may be replaced, and how a replacement moves: PENDING -> CANCELLED by its claimant before
 * effectiveAt; PENDING -> EFFECTIVE at effectiveAt (time decides, not the worker that records it: a cancel arriving
 * after effectiveAt is refused even if the move is not recorded yet). CANCELLED and EFFECTIVE are final.
 */
public final class PayoutAddressChangeLifecycle {

    /** One allowed move; {@code beforeEffectiveAt} true: only before effectiveAt, false: only from effectiveAt on. */
    public record Move(PayoutAddressChangeState from, PayoutAddressChangeState to, boolean beforeEffectiveAt) {
    }

    /** Why a move or a new change is refused; every kind answers 409. */
    public record Refusal(Kind kind, String reason) {
        public enum Kind { NOT_A_MOVE, ALREADY_IN_FORCE, NOT_YET_DUE, CHANGE_PENDING, CLAIM_CLOSED, CHAIN_PAID }
    }

    public static final List<Move> MOVES = List.of(
            new Move(PayoutAddressChangeState.PENDING, PayoutAddressChangeState.CANCELLED, true),
            new Move(PayoutAddressChangeState.PENDING, PayoutAddressChangeState.EFFECTIVE, false));

    private PayoutAddressChangeLifecycle() {
    }

    /** When a change requested at {@code requestedAt} takes effect. */
    public static Instant effectiveAt(Instant requestedAt, Duration coolDown) {
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (coolDown == null || coolDown.isNegative()) {
            throw new IllegalArgumentException("the cool-down is a duration of zero or more");
        }
        return requestedAt.plus(coolDown);
    }

    /** A PENDING change is in force from its effectiveAt on, whether or not that move is recorded yet. */
    public static PayoutAddressChangeState stateAt(PayoutAddressChangeState stored, Instant effectiveAt, Instant now) {
        return stored == PayoutAddressChangeState.PENDING && !now.isBefore(effectiveAt)
                ? PayoutAddressChangeState.EFFECTIVE : stored;
    }

    /** Why a change in {@code stored} state, effective at {@code effectiveAt}, may not move to {@code to} now; empty when it may. */
    public static Optional<Refusal> checkMove(PayoutAddressChangeState stored, PayoutAddressChangeState to,
                                              Instant effectiveAt, Instant now) {
        Optional<Move> move = MOVES.stream().filter(candidate -> candidate.from() == stored && candidate.to() == to)
                .findFirst();
        if (move.isEmpty()) {
            return Optional.of(new Refusal(Refusal.Kind.NOT_A_MOVE,
                    "a change that is " + stored + " cannot become " + to + "; it is final"));
        }
        boolean due = !now.isBefore(effectiveAt);
        if (move.get().beforeEffectiveAt() && due) {
            return Optional.of(new Refusal(Refusal.Kind.ALREADY_IN_FORCE,
                    "the change took effect at " + effectiveAt + "; the new address is in force"));
        }
        if (!move.get().beforeEffectiveAt() && !due) {
            return Optional.of(new Refusal(Refusal.Kind.NOT_YET_DUE,
                    "the change takes effect at " + effectiveAt + ", not before"));
        }
        return Optional.empty();
    }

    /**
     * Why the payout address of a chain of a claim in {@code status} may not be replaced now; empty when it may. A
     * decided-against or withdrawn claim is paid nothing; a chain whose lines are all paid in full has nothing left
     * to pay; one change per chain waits at a time.
     */
    public static Optional<Refusal> checkReplacement(ClaimStatus status, boolean chainPaidInFull, boolean changePending) {
        if (status == ClaimStatus.REJECTED || status == ClaimStatus.WITHDRAWN) {
            return Optional.of(new Refusal(Refusal.Kind.CLAIM_CLOSED,
                    "the claim is " + status + "; nothing is paid for it, so its payout addresses no longer change"));
        }
        if (chainPaidInFull) {
            return Optional.of(new Refusal(Refusal.Kind.CHAIN_PAID,
                    "every line of this chain is paid in full; there is nothing left to pay to another address"));
        }
        if (changePending) {
            return Optional.of(new Refusal(Refusal.Kind.CHANGE_PENDING,
                    "a change of this chain's payout address is waiting out its cool-down; cancel it first"));
        }
        return Optional.empty();
    }
}

package dev.restitution.claims.claim.domain;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which state a claim may move to from which, and which decision a claim line may move to while its claim
 * is in which state. Every state change of a claim or line goes through {@link #checkMove} or
 * {@link #checkLineMove}; the services check their own preconditions first (with the problem the API
 * answers), so a refusal here is a broken invariant.
 */
public final class ClaimLifecycle {

    /** One allowed move of a claim and the command that makes it. */
    public record Move(ClaimStatus from, ClaimStatus to, String by) {
    }

    /** One allowed move of a line's decision, and the claim states in which it may be made. */
    public record LineMove(LineStatus from, LineStatus to, Set<ClaimStatus> whileClaim) {
    }

    /** Why a move is refused. */
    public record Refusal(Kind kind, String reason) {
        public enum Kind {
            /** The claim is decided or withdrawn: it never moves again. */
            FINAL,
            /** The table has no such move. */
            NOT_A_MOVE,
            /** A line may make this move, but not while its claim is in its present state. */
            CLAIM_STATE
        }
    }

    /** A move refused by the table: thrown where a state is changed, after the service's own checks. */
    public static final class RefusedMove extends IllegalStateException {
        private final transient Refusal refusal;

        public RefusedMove(Refusal refusal) {
            super(refusal.reason());
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /** Decided and withdrawn claims never move again. */
    public static final Set<ClaimStatus> FINAL = EnumSet.of(ClaimStatus.APPROVED, ClaimStatus.REJECTED,
            ClaimStatus.WITHDRAWN);

    public static final List<Move> MOVES = List.of(
            new Move(ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, "submission with every line accepted"),
            new Move(ClaimStatus.DRAFT, ClaimStatus.UNDER_REVIEW, "submission with a disputed line"),
            new Move(ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, "automatic verification"),
            new Move(ClaimStatus.UNDER_REVIEW, ClaimStatus.NEEDS_INFO, "a reviewer's question"),
            new Move(ClaimStatus.NEEDS_INFO, ClaimStatus.UNDER_REVIEW, "the claimant's answer"),
            new Move(ClaimStatus.UNDER_REVIEW, ClaimStatus.PENDING_SECOND_APPROVAL,
                    "a proposal above the four-eyes value"),
            new Move(ClaimStatus.UNDER_REVIEW, ClaimStatus.APPROVED, "a reviewer's approval"),
            new Move(ClaimStatus.UNDER_REVIEW, ClaimStatus.REJECTED, "a reviewer's rejection"),
            new Move(ClaimStatus.PENDING_SECOND_APPROVAL, ClaimStatus.APPROVED, "a support-lead's second approval"),
            new Move(ClaimStatus.PENDING_SECOND_APPROVAL, ClaimStatus.UNDER_REVIEW,
                    "a proposal sent back, or discarded by an amended dispute"),
            new Move(ClaimStatus.DRAFT, ClaimStatus.WITHDRAWN, "withdrawal"),
            new Move(ClaimStatus.SUBMITTED, ClaimStatus.WITHDRAWN, "withdrawal"),
            new Move(ClaimStatus.UNDER_REVIEW, ClaimStatus.WITHDRAWN, "withdrawal"),
            new Move(ClaimStatus.NEEDS_INFO, ClaimStatus.WITHDRAWN, "withdrawal"),
            new Move(ClaimStatus.PENDING_SECOND_APPROVAL, ClaimStatus.WITHDRAWN, "withdrawal"));

    private static final Set<ClaimStatus> DRAFT = EnumSet.of(ClaimStatus.DRAFT);
    private static final Set<ClaimStatus> DRAFT_OR_IN_REVIEW = EnumSet.of(ClaimStatus.DRAFT, ClaimStatus.UNDER_REVIEW,
            ClaimStatus.NEEDS_INFO, ClaimStatus.PENDING_SECOND_APPROVAL);

    /** Lines are decided in a draft; under review only a disputed line's dispute is amended. Nothing returns to PENDING. */
    public static final List<LineMove> LINE_MOVES = List.of(
            new LineMove(LineStatus.PENDING, LineStatus.ACCEPTED, DRAFT),
            new LineMove(LineStatus.PENDING, LineStatus.DISPUTED, DRAFT),
            new LineMove(LineStatus.ACCEPTED, LineStatus.DISPUTED, DRAFT),
            new LineMove(LineStatus.DISPUTED, LineStatus.ACCEPTED, DRAFT),
            new LineMove(LineStatus.DISPUTED, LineStatus.DISPUTED, DRAFT_OR_IN_REVIEW));

    private ClaimLifecycle() {
    }

    /** Why a claim in {@code from} may not move to {@code to}; empty when it may. */
    public static Optional<Refusal> checkMove(ClaimStatus from, ClaimStatus to) {
        if (FINAL.contains(from)) {
            return Optional.of(new Refusal(Refusal.Kind.FINAL, "a claim " + from + " never moves again"));
        }
        if (MOVES.stream().noneMatch(move -> move.from() == from && move.to() == to)) {
            return Optional.of(new Refusal(Refusal.Kind.NOT_A_MOVE, "a claim in " + from + " cannot move to " + to
                    + "; it may move to " + MOVES.stream().filter(move -> move.from() == from).map(Move::to).toList()));
        }
        return Optional.empty();
    }

    /** Why a line decided {@code from} may not move to {@code to} while its claim is {@code claim}; empty when it may. */
    public static Optional<Refusal> checkLineMove(ClaimStatus claim, LineStatus from, LineStatus to) {
        Optional<LineMove> move = LINE_MOVES.stream().filter(candidate -> candidate.from() == from && candidate.to() == to)
                .findFirst();
        if (move.isEmpty()) {
            return Optional.of(new Refusal(Refusal.Kind.NOT_A_MOVE, "a line " + from + " cannot become " + to));
        }
        if (!move.get().whileClaim().contains(claim)) {
            return Optional.of(new Refusal(Refusal.Kind.CLAIM_STATE, "a line " + from + " becomes " + to
                    + " only while its claim is one of " + move.get().whileClaim() + ", not " + claim));
        }
        return Optional.empty();
    }

    /** The claim's new state, or {@link RefusedMove} when the table has no such move. */
    public static ClaimStatus move(ClaimStatus from, ClaimStatus to) {
        checkMove(from, to).ifPresent(refusal -> {
            throw new RefusedMove(refusal);
        });
        return to;
    }

    /** The line's new decision, or {@link RefusedMove} when the table has no such move. */
    public static LineStatus moveLine(ClaimStatus claim, LineStatus from, LineStatus to) {
        checkLineMove(claim, from, to).ifPresent(refusal -> {
            throw new RefusedMove(refusal);
        });
        return to;
    }
}

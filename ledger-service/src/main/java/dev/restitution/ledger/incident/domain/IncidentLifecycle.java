package dev.restitution.ledger.incident.domain;

import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.ledger.security.Roles;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which state an incident may move to from which, and who may move it. Incidents only move forward:
 * DECLARED -> SNAPSHOT_SEALED (by sealing the snapshot, never by a plain transition) -> CLAIMS_OPEN
 * -> CLAIMS_CLOSED -> DISTRIBUTING -> CLOSED.
 */
public final class IncidentLifecycle {

    /** One allowed move and the realm roles any of which may make it. */
    public record Move(IncidentState from, IncidentState to, Set<String> roles, boolean bySealingOnly) {
    }

    /** Why a move is refused: {@link Kind#FORBIDDEN} answers 403, the others 409. */
    public record Refusal(Kind kind, String reason) {
        public enum Kind { NOT_A_MOVE, SEALING_ONLY, FORBIDDEN }
    }

    public static final List<Move> MOVES = List.of(
            new Move(IncidentState.DECLARED, IncidentState.SNAPSHOT_SEALED, Set.of(Roles.INCIDENT_ADMIN), true),
            new Move(IncidentState.SNAPSHOT_SEALED, IncidentState.CLAIMS_OPEN, Set.of(Roles.INCIDENT_ADMIN), false),
            new Move(IncidentState.CLAIMS_OPEN, IncidentState.CLAIMS_CLOSED, Set.of(Roles.INCIDENT_ADMIN), false),
            new Move(IncidentState.CLAIMS_CLOSED, IncidentState.DISTRIBUTING,
                    Set.of(Roles.INCIDENT_ADMIN, Roles.FINANCE_OPERATOR), false),
            new Move(IncidentState.DISTRIBUTING, IncidentState.CLOSED, Set.of(Roles.INCIDENT_ADMIN), false));

    private IncidentLifecycle() {
    }

    /** Why a caller with {@code callerRoles} may not move an incident from {@code from} to {@code to} by a transition request; empty when allowed. */
    public static Optional<Refusal> checkTransition(IncidentState from, IncidentState to, Set<String> callerRoles) {
        Optional<Move> move = MOVES.stream().filter(candidate -> candidate.from() == from && candidate.to() == to).findFirst();
        if (move.isEmpty()) {
            return Optional.of(new Refusal(Refusal.Kind.NOT_A_MOVE,
                    "an incident in " + from + " cannot move to " + to + nextHint(from)));
        }
        if (move.get().bySealingOnly()) {
            return Optional.of(new Refusal(Refusal.Kind.SEALING_ONLY,
                    "an incident becomes " + to + " only by sealing its snapshot"));
        }
        if (move.get().roles().stream().noneMatch(callerRoles::contains)) {
            return Optional.of(new Refusal(Refusal.Kind.FORBIDDEN,
                    "moving from " + from + " to " + to + " needs one of the roles " + move.get().roles()));
        }
        return Optional.empty();
    }

    /**
     * What is wrong with the claims deadline of a move to {@code to}; empty when it fits. Opening claims
     * needs a bar date in the future (claimants must have time to claim); any other move takes none, so
     * a bar date is never changed after claims opened.
     */
    public static List<FieldViolation> claimsDeadlineViolations(IncidentState to, Optional<Instant> claimsDeadline,
                                                                Instant now) {
        if (to != IncidentState.CLAIMS_OPEN) {
            return claimsDeadline.isPresent()
                    ? List.of(new FieldViolation("claimsDeadline", "is set only when moving to CLAIMS_OPEN"))
                    : List.of();
        }
        if (claimsDeadline.isEmpty()) {
            return List.of(new FieldViolation("claimsDeadline", "is required when moving to CLAIMS_OPEN"));
        }
        if (!claimsDeadline.get().isAfter(now)) {
            return List.of(new FieldViolation("claimsDeadline", "must be in the future"));
        }
        return List.of();
    }

    /** Whether sealing the snapshot may move an incident in {@code from}: only a DECLARED one. */
    public static boolean maySeal(IncidentState from) {
        return from == IncidentState.DECLARED;
    }

    private static String nextHint(IncidentState from) {
        return MOVES.stream().filter(move -> move.from() == from).findFirst()
                .map(move -> "; the next state is " + move.to())
                .orElse("; it is final");
    }
}

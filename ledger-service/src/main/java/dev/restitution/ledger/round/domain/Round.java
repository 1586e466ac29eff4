package dev.restitution.ledger.round.domain;

import dev.restitution.kit.audit.Actor;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A distribution round: proposed by one person with a fixed plan, then approved or rejected by a
 * different person, compared by subject id (a renamed user is still the proposer).
 */
public record Round(UUID id, UUID incidentId, int number, RoundState state, String note, String idempotencyKey,
                    String planDigest, Actor proposedBy, Instant proposedAt, Optional<Actor> decidedBy,
                    Optional<Instant> decidedAt, Optional<String> decisionReason, List<RoundAssetPlan> assets,
                    Optional<EntitlementTree> entitlementTree) {

    public Round {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(planDigest, "planDigest");
        Objects.requireNonNull(proposedBy, "proposedBy");
        Objects.requireNonNull(proposedAt, "proposedAt");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(decisionReason, "decisionReason");
        assets = List.copyOf(assets);
        Objects.requireNonNull(entitlementTree, "entitlementTree");
        if (entitlementTree.isPresent() && state != RoundState.APPROVED) {
            throw new IllegalArgumentException("round " + id + " is " + state + " and cannot have an entitlement tree");
        }
        if ((state == RoundState.PROPOSED) != decidedBy.isEmpty()) {
            throw new IllegalArgumentException("a round is decided exactly when it is no longer PROPOSED");
        }
        if (decidedBy.filter(proposedBy::samePersonAs).isPresent()) {
            throw new IllegalArgumentException("round " + id + " decided by its own proposer");
        }
    }

    /** Maker-checker: whoever proposed a round never decides it. */
    public boolean proposedBy(Actor actor) {
        return proposedBy.samePersonAs(actor);
    }
}

package dev.restitution.claims.secondfactor.domain;

import dev.restitution.kit.audit.Actor;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A support-lead's request to remove the lost second factor of a claimant account, and its decision by another
 * support-lead. An approved reset holds, until {@code coolDownEndsAt}, the payout addresses the account proves. The
 * approval is recorded before the factor is removed in Keycloak, and the removal after it ({@code factorRemovedAt}):
 * an approved reset without a removal time still has its removal to finish.
 */
public record FactorReset(UUID id, String accountId, String reason, FactorResetState state, Actor requestedBy,
                          Instant requestedAt, Optional<Actor> decidedBy, Optional<Instant> decidedAt,
                          Optional<Instant> coolDownEndsAt, Optional<Instant> factorRemovedAt) {

    /** Longest reason a support-lead may give. */
    public static final int MAX_REASON_LENGTH = 2000;
    /** Longest exchange account id (as the claims API bounds it everywhere). */
    public static final int MAX_ACCOUNT_ID_LENGTH = 128;

    public FactorReset {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(requestedAt, "requestedAt");
        if ((state == FactorResetState.REQUESTED) != decidedAt.isEmpty()) {
            throw new IllegalArgumentException("reset " + id + ": only a decided reset has a decision time");
        }
        if ((state == FactorResetState.APPROVED) != coolDownEndsAt.isPresent()) {
            throw new IllegalArgumentException("reset " + id + ": only an approved reset has a cool-down");
        }
        if (factorRemovedAt.isPresent() && state != FactorResetState.APPROVED) {
            throw new IllegalArgumentException("reset " + id + ": only an approved reset removes a factor");
        }
    }

    /** Approved, and the factor's removal in Keycloak not recorded yet: approving again finishes it. */
    public boolean removalPending() {
        return state == FactorResetState.APPROVED && factorRemovedAt.isEmpty();
    }

    /** The same person asked for it: a second pair of eyes must be someone else. */
    public boolean requestedBy(Actor lead) {
        return requestedBy.samePersonAs(lead);
    }
}

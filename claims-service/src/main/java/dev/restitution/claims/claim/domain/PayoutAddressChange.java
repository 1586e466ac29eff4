package dev.restitution.claims.claim.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A replacement of one chain's payout address of a claim, with its cool-down. */
public record PayoutAddressChange(UUID id, UUID claimId, UUID incidentId, String accountId, long chainId,
                                  String previousAddress, String address, PayoutAddressChangeState state,
                                  Instant requestedAt, Instant effectiveAt, Optional<Instant> decidedAt) {
    public PayoutAddressChange {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(claimId, "claimId");
        Objects.requireNonNull(previousAddress, "previousAddress");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(effectiveAt, "effectiveAt");
        if (effectiveAt.isBefore(requestedAt)) {
            throw new IllegalArgumentException("a change takes effect after it was requested");
        }
    }

    /** The state as of {@code now}: a PENDING change whose effectiveAt has passed is in force, recorded or not yet. */
    public PayoutAddressChangeState stateAt(Instant now) {
        return PayoutAddressChangeLifecycle.stateAt(state, effectiveAt, now);
    }
}

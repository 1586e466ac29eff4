package dev.restitution.payout.instruction.domain;

import dev.restitution.kit.id.ClaimId;
import dev.restitution.kit.id.IncidentId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A change of the payout address of a claim on a chain, identified by the PayoutAddressChanged event that told it. */
public record AddressChange(UUID eventId, ClaimId claimId, IncidentId incidentId, long chainId, String previousAddress,
                            String address, Instant effectiveAt, AddressChangeState state) {
    public AddressChange {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(claimId, "claimId");
        Objects.requireNonNull(previousAddress, "previousAddress");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(effectiveAt, "effectiveAt");
        Objects.requireNonNull(state, "state");
    }
}

package dev.restitution.payout.denylist.domain;

import dev.restitution.kit.audit.Actor;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One listed address: on {@code chainId}, for the one incident {@code incidentId} or, when it is empty, for
 * every incident. {@code address} in EIP-55 form.
 */
public record DenylistEntry(long chainId, Optional<UUID> incidentId, String address, String reason, Actor addedBy,
                            Instant addedAt) {
    public DenylistEntry {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(addedBy, "addedBy");
        Objects.requireNonNull(addedAt, "addedAt");
    }
}

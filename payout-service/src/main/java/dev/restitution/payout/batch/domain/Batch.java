package dev.restitution.payout.batch.domain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A payout batch: what is paid on one chain in one asset, frozen by the hash over its items. */
public record Batch(UUID id, UUID incidentId, long chainId, String assetSymbol, BatchState state, int itemCount,
                    BigInteger totalMinorUnits, String itemsHash, String proposedBy, Instant proposedAt) {
    public Batch {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(assetSymbol, "assetSymbol");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(totalMinorUnits, "totalMinorUnits");
        Objects.requireNonNull(itemsHash, "itemsHash");
        Objects.requireNonNull(proposedBy, "proposedBy");
        Objects.requireNonNull(proposedAt, "proposedAt");
        if (itemCount <= 0 || totalMinorUnits.signum() <= 0) {
            throw new IllegalArgumentException("a batch pays at least one item a positive total");
        }
    }
}

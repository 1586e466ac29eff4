package dev.restitution.ledger.snapshot.domain;

import dev.restitution.kit.audit.Actor;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A sealed snapshot: the commitment (root) and totals everyone may check, the secret its salts come
 * from, and the format its leaves were hashed in.
 */
public record SealedSnapshot(UUID incidentId, UUID importId, byte[] merkleRoot, long rowCount,
                             List<AssetTotals.Total> totals, Actor sealedBy, Instant sealedAt, byte[] saltSecret,
                             LeafVersion leafVersion) {
    public SealedSnapshot {
        totals = List.copyOf(totals);
    }
}

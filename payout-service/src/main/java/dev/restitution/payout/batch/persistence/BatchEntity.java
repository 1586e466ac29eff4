package dev.restitution.payout.batch.persistence;

import dev.restitution.payout.batch.domain.BatchState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "payout_batch")
public class BatchEntity {

    @Id
    public UUID id;

    @Column(name = "incident_id", nullable = false)
    public UUID incidentId;

    @Column(name = "chain_id", nullable = false)
    public long chainId;

    @Column(name = "asset_symbol", nullable = false)
    public String assetSymbol;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public BatchState state;

    @Column(name = "item_count", nullable = false)
    public int itemCount;

    @Column(name = "total_minor_units", nullable = false, precision = 78, scale = 0)
    public BigInteger totalMinorUnits;

    @Column(name = "items_hash", nullable = false)
    public String itemsHash;

    @Column(name = "proposed_by", nullable = false)
    public String proposedBy;

    @Column(name = "proposed_at", nullable = false)
    public Instant proposedAt;
}

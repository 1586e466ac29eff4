package dev.restitution.payout.commitment.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One on-chain commitment of a sealed snapshot or an approved round: its id in the CommitmentRegistry, the fields
 * committed and the hash the contract must hold, whether it is published (and by which transaction) or in conflict.
 */
@Entity
@Table(name = "commitment")
public class CommitmentEntity {

    public enum Kind { SNAPSHOT, ROUND }

    public enum State { OPEN, PUBLISHED, CONFLICT }

    @Id
    @Column(name = "commitment_id")
    public String commitmentId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(name = "incident_id", nullable = false)
    public UUID incidentId;

    @Column(name = "round_id")
    public UUID roundId;

    @Column(name = "round_number")
    public Integer roundNumber;

    @Column(nullable = false)
    public String root;

    @Column(name = "row_count")
    public Long rowCount;

    @Column(name = "cutoff_seconds")
    public Long cutoffSeconds;

    @Column(name = "totals_hash", nullable = false)
    public String totalsHash;

    @Column(name = "committed_hash", nullable = false)
    public String committedHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    @Column(name = "conflict_reason")
    public String conflictReason;

    @Column(name = "chain_id")
    public Long chainId;

    @Column
    public String contract;

    @Column(name = "tx_hash")
    public String txHash;

    @Column(name = "block_number")
    public Long blockNumber;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(name = "source_event_id", nullable = false)
    public UUID sourceEventId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}

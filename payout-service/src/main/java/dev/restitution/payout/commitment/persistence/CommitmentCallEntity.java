package dev.restitution.payout.commitment.persistence;

import dev.restitution.payout.engine.persistence.ChainCallEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One attempt at publishing a commitment: the chain call of commitSnapshot or commitRound to the configured registry.
 * What the engine keeps of every call it inherits; its state changes only through the engine.
 */
@Entity
@Table(name = "commitment_call")
public class CommitmentCallEntity extends ChainCallEntity {

    /** The audit subject of commitment calls. */
    public static final String KIND = "COMMITMENT_CALL";

    @Column(name = "commitment_id", nullable = false)
    public String commitmentId;

    @Column(nullable = false)
    public int attempt;

    /** The CommitmentRegistry called, lowercase. */
    @Column(nullable = false)
    public String contract;

    /** A new QUEUED attempt. */
    public static CommitmentCallEntity queued(String commitmentId, int attempt, long chainId, String contract, Instant now) {
        CommitmentCallEntity call = new CommitmentCallEntity();
        call.queue(UUID.randomUUID(), chainId, now);
        call.commitmentId = commitmentId;
        call.attempt = attempt;
        call.contract = contract;
        return call;
    }
}

package dev.restitution.payout.engine.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/**
 * One signed transaction of a chain call, stored before it is broadcast. What is signed never changes; what the
 * chain says of it (broadcast, mined, reorganised away) changes only through the methods here.
 */
@Entity
@Table(name = "payment_transaction")
public class CallTransactionEntity {

    @Id
    @Column(name = "tx_hash")
    public String txHash;

    /** The call it belongs to (a payment order's id today). */
    @Column(name = "order_id", nullable = false)
    public UUID callId;

    @Column(nullable = false)
    public int attempt;

    @Column(nullable = false, precision = 78, scale = 0)
    public BigInteger nonce;

    @Column(name = "gas_limit", nullable = false, precision = 78, scale = 0)
    public BigInteger gasLimit;

    @Column(name = "max_fee_per_gas_wei", nullable = false, precision = 78, scale = 0)
    public BigInteger maxFeePerGasWei;

    @Column(name = "max_priority_fee_per_gas_wei", nullable = false, precision = 78, scale = 0)
    public BigInteger maxPriorityFeePerGasWei;

    @Column(name = "raw_transaction", nullable = false)
    public String rawTransaction;

    @Column(name = "signed_at", nullable = false)
    public Instant signedAt;

    /** A transfer of nothing to the sender itself at the call's nonce, signed so that the call's payload is not mined. */
    @Column(nullable = false)
    public boolean cancels;

    @Column(name = "broadcast_at")
    private Instant broadcastAt;

    @Column(name = "mined_block_number")
    private Long minedBlockNumber;

    @Column(name = "mined_block_hash")
    private String minedBlockHash;

    @Column
    private Boolean succeeded;

    @Column(name = "gas_used", precision = 78, scale = 0)
    private BigInteger gasUsed;

    @Column(name = "reorged_count", nullable = false)
    private int reorgedCount;

    /** Records that the node took it, the first time only. */
    public void broadcast(Instant now) {
        if (broadcastAt == null) {
            broadcastAt = now;
        }
    }

    /** Records the receipt: mined in {@code blockNumber} ({@code blockHash}), succeeded or reverted. */
    public void mined(long blockNumber, String blockHash, boolean status, BigInteger gas, Instant now) {
        minedBlockNumber = blockNumber;
        minedBlockHash = blockHash;
        succeeded = status;
        gasUsed = gas;
        broadcast(now);
    }

    /** The recorded block is no longer canonical: the record is cleared and counted. */
    public void reorged() {
        minedBlockNumber = null;
        minedBlockHash = null;
        succeeded = null;
        gasUsed = null;
        reorgedCount++;
    }

    public boolean isMined() {
        return minedBlockHash != null;
    }

    public boolean isMinedIn(String blockHash) {
        return blockHash.equals(minedBlockHash);
    }

    public Instant broadcastAt() {
        return broadcastAt;
    }

    public Long minedBlockNumber() {
        return minedBlockNumber;
    }

    public String minedBlockHash() {
        return minedBlockHash;
    }

    public boolean succeeded() {
        return Boolean.TRUE.equals(succeeded);
    }
}

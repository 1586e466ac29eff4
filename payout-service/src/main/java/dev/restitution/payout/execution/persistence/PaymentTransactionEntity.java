package dev.restitution.payout.execution.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/** One signed transaction of a payment order, stored before it is broadcast. */
@Entity
@Table(name = "payment_transaction")
public class PaymentTransactionEntity {

    @Id
    @Column(name = "tx_hash")
    public String txHash;

    @Column(name = "order_id", nullable = false)
    public UUID orderId;

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

    @Column(name = "broadcast_at")
    public Instant broadcastAt;

    @Column(name = "mined_block_number")
    public Long minedBlockNumber;

    @Column(name = "mined_block_hash")
    public String minedBlockHash;

    @Column
    public Boolean succeeded;

    @Column(name = "gas_used", precision = 78, scale = 0)
    public BigInteger gasUsed;

    @Column(name = "reorged_count", nullable = false)
    public int reorgedCount;

    /** A transfer of nothing to the sender itself at the order's nonce, signed so that the payment is not mined. */
    @Column(nullable = false)
    public boolean cancels;
}

package dev.restitution.payout.execution.persistence;

import dev.restitution.payout.execution.PaymentMethod;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "payment_order")
public class PaymentOrderEntity {

    @Id
    public UUID id;

    @Column(name = "batch_id", nullable = false)
    public UUID batchId;

    @Column(name = "chain_id", nullable = false)
    public long chainId;

    /** null: the chain's native coin. */
    @Column(name = "token_contract")
    public String tokenContract;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PaymentMethod method;

    @Column(name = "item_count", nullable = false)
    public int itemCount;

    @Column(name = "total_minor_units", nullable = false, precision = 78, scale = 0)
    public BigInteger totalMinorUnits;

    @Column(name = "items_hash", nullable = false)
    public String itemsHash;

    @Column(name = "onchain_batch_id", nullable = false)
    public String onchainBatchId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PaymentOrderState state;

    @Column
    public String sender;

    @Column(precision = 78, scale = 0)
    public BigInteger nonce;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "confirmed_tx_hash")
    public String confirmedTxHash;

    @Column(name = "confirmed_block_number")
    public Long confirmedBlockNumber;

    @Column(name = "queued_at", nullable = false)
    public Instant queuedAt;

    @Column(name = "signed_at")
    public Instant signedAt;

    /** Set when execution stopped signing and broadcasting for this PENDING order; its receipts are still observed. */
    @Column(name = "held_reason")
    public String heldReason;

    @Column(name = "held_at")
    public Instant heldAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @OneToMany(mappedBy = "order", cascade = CascadeType.PERSIST)
    @OrderBy("position")
    public List<PaymentItemEntity> items = new ArrayList<>();
}

package dev.restitution.payout.execution.persistence;

import dev.restitution.payout.engine.persistence.ChainCallEntity;
import dev.restitution.payout.rail.PaymentMethod;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A payment order: the chain call that pays some of a batch's items, in the chain's native coin or one token.
 * What the engine keeps of every call (state, sender, nonce, outcome) it inherits; the state changes only through
 * the engine.
 */
@Entity
@Table(name = "payment_order")
public class PaymentOrderEntity extends ChainCallEntity {

    /** The audit subject of payment orders. */
    public static final String KIND = "PAYMENT_ORDER";

    @Column(name = "batch_id", nullable = false)
    public UUID batchId;

    /** The incident the order pays for (its batch's): the denylist is asked for this incident before each signature. */
    @Column(name = "incident_id", nullable = false)
    public UUID incidentId;

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

    @OneToMany(mappedBy = "order", cascade = CascadeType.PERSIST)
    @OrderBy("position")
    public List<PaymentItemEntity> items = new ArrayList<>();

    /** A new QUEUED order; the caller fills in what it pays. */
    public static PaymentOrderEntity queued(UUID orderId, long chainId, Instant now) {
        PaymentOrderEntity order = new PaymentOrderEntity();
        order.queue(orderId, chainId, now);
        return order;
    }
}

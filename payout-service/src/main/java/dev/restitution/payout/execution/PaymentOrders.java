package dev.restitution.payout.execution;

import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.execution.persistence.PaymentItemEntity;
import dev.restitution.payout.execution.persistence.PaymentOrderEntity;
import dev.restitution.payout.execution.persistence.PaymentOrderState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The queue of on-chain payments the batches side hands to execution. */
@ApplicationScoped
public class PaymentOrders {

    private final EntityManager entityManager;
    private final long payoutChainId;
    private final Clock clock = Clock.systemUTC();

    public PaymentOrders(EntityManager entityManager, PayoutConfig config) {
        this.entityManager = entityManager;
        this.payoutChainId = config.chain().chainId();
    }

    /**
     * Queues the order in the caller's transaction (idempotent by orderId); execution picks it up
     * after commit. Called by the batches side when a batch's approval becomes final.
     *
     * @throws IllegalArgumentException when the order is malformed, reuses an order id with other
     *         content, or names an instruction another live order already pays; nothing is written then
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(PaymentOrder order) {
        PaymentOrderRules.check(order, payoutChainId);
        PaymentOrderEntity existing = entityManager.find(PaymentOrderEntity.class, order.orderId());
        if (existing != null) {
            if (!sameContent(existing, order)) {
                throw new IllegalArgumentException("order " + order.orderId() + " was queued with other content");
            }
            return;
        }
        requireInstructionsNotInLiveOrders(order);
        entityManager.persist(toEntity(order, clock.instant()));
    }

    /** An instruction is paid by at most one order that has not finally failed. */
    private void requireInstructionsNotInLiveOrders(PaymentOrder order) {
        List<UUID> instructionIds = order.items().stream().map(PaymentItem::instructionId).toList();
        List<?> taken = entityManager.createQuery("""
                        select i.instructionId from PaymentItemEntity i
                        where i.instructionId in :instructionIds and i.order.state <> :failed""")
                .setParameter("instructionIds", instructionIds)
                .setParameter("failed", PaymentOrderState.FAILED)
                .setMaxResults(1)
                .getResultList();
        if (!taken.isEmpty()) {
            throw new IllegalArgumentException("instruction " + taken.getFirst() + " is already in another payment order");
        }
    }

    private static PaymentOrderEntity toEntity(PaymentOrder order, Instant now) {
        PaymentOrderEntity entity = new PaymentOrderEntity();
        entity.id = order.orderId();
        entity.batchId = order.batchId();
        entity.chainId = order.chainId();
        entity.tokenContract = order.tokenContract().orElse(null);
        entity.method = order.method();
        entity.itemCount = order.items().size();
        entity.totalMinorUnits = order.items().stream().map(PaymentItem::amount).reduce(BigInteger.ZERO, BigInteger::add);
        entity.itemsHash = ItemsHash.of(order.items().stream().map(PaymentItem::recipient).toList(),
                order.items().stream().map(PaymentItem::amount).toList());
        entity.onchainBatchId = OnchainBatchId.of(order.orderId());
        entity.state = PaymentOrderState.QUEUED;
        entity.queuedAt = now;
        entity.updatedAt = now;
        for (int i = 0; i < order.items().size(); i++) {
            PaymentItem item = order.items().get(i);
            PaymentItemEntity itemEntity = new PaymentItemEntity();
            itemEntity.order = entity;
            itemEntity.position = i;
            itemEntity.instructionId = item.instructionId();
            itemEntity.recipient = item.recipient();
            itemEntity.amountMinorUnits = item.amount();
            entity.items.add(itemEntity);
        }
        return entity;
    }

    private static boolean sameContent(PaymentOrderEntity existing, PaymentOrder order) {
        return existing.batchId.equals(order.batchId())
                && existing.chainId == order.chainId()
                && Optional.ofNullable(existing.tokenContract).equals(order.tokenContract())
                && existing.method == order.method()
                && toItems(existing).equals(order.items());
    }

    static List<PaymentItem> toItems(PaymentOrderEntity entity) {
        return entity.items.stream()
                .map(item -> new PaymentItem(item.instructionId, item.recipient, item.amountMinorUnits))
                .toList();
    }
}

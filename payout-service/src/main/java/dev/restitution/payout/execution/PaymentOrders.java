package dev.restitution.payout.execution;

import dev.restitution.payout.execution.persistence.PaymentItemEntity;
import dev.restitution.payout.execution.persistence.PaymentOrderEntity;
import dev.restitution.payout.execution.persistence.PaymentOrderStore;
import dev.restitution.payout.id.InstructionId;
import dev.restitution.payout.rail.PaymentItem;
import dev.restitution.payout.rail.PaymentOrder;
import dev.restitution.payout.rail.PaymentRails;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import dev.restitution.payout.engine.domain.CallState;
import java.util.List;
import java.util.UUID;
import java.util.Optional;

/** The queue of on-chain payments the batches side hands to execution. */
@ApplicationScoped
public class PaymentOrders {

    private final PaymentOrderStore store;
    private final PaymentRails rails;
    private final Clock clock;

    public PaymentOrders(PaymentOrderStore store, PaymentRails rails, Clock clock) {
        this.store = store;
        this.rails = rails;
        this.clock = clock;
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
        if (order == null || order.method() == null || order.incidentId() == null) {
            throw new IllegalArgumentException(order == null ? "order is missing"
                    : order.method() == null ? "method is missing" : "incidentId is missing");
        }
        rails.railFor(order.method()).plan(order);
        Optional<PaymentOrderEntity> existing = store.find(order.orderId());
        if (existing.isPresent()) {
            if (!sameContent(existing.get(), order)) {
                throw new IllegalArgumentException("order " + order.orderId() + " was queued with other content");
            }
            return;
        }
        requireInstructionsNotInLiveOrders(order);
        store.add(toEntity(order, clock.instant()));
    }

    /**
     * Fails every payment order of the batch before anything of it is signed, under the lock the engine takes to sign
     * one: true when all were QUEUED (none can reach the chain now; their instructions may be paid by other orders),
     * false, changing nothing, when any was signed already (it may be on the chain).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean failUnsigned(UUID batchId, String reason) {
        List<PaymentOrderEntity> orders = store.lockOfBatch(batchId);
        if (orders.stream().anyMatch(order -> order.state() != CallState.QUEUED)) {
            return false;
        }
        Instant now = clock.instant();
        orders.forEach(order -> order.fail(reason, now));
        return true;
    }

    /** An instruction is paid by at most one order that has not finally failed. */
    private void requireInstructionsNotInLiveOrders(PaymentOrder order) {
        List<InstructionId> instructionIds = order.items().stream().map(PaymentItem::instructionId).toList();
        store.anyInLiveOrder(instructionIds).ifPresent(taken -> {
            throw new IllegalArgumentException("instruction " + taken + " is already in another payment order");
        });
    }

    private static PaymentOrderEntity toEntity(PaymentOrder order, Instant now) {
        PaymentOrderEntity entity = PaymentOrderEntity.queued(order.orderId(), order.chainId(), now);
        entity.batchId = order.batchId().value();
        entity.incidentId = order.incidentId().value();
        entity.tokenContract = order.tokenContract().orElse(null);
        entity.method = order.method();
        entity.itemCount = order.items().size();
        entity.totalMinorUnits = order.items().stream().map(PaymentItem::amount).reduce(BigInteger.ZERO, BigInteger::add);
        entity.itemsHash = ItemsHash.of(order.items().stream().map(PaymentItem::recipient).toList(),
                order.items().stream().map(PaymentItem::amount).toList());
        entity.onchainBatchId = OnchainBatchId.of(order.orderId());
        for (int i = 0; i < order.items().size(); i++) {
            PaymentItem item = order.items().get(i);
            PaymentItemEntity itemEntity = new PaymentItemEntity();
            itemEntity.order = entity;
            itemEntity.position = i;
            itemEntity.instructionId = item.instructionId().value();
            itemEntity.recipient = item.recipient();
            itemEntity.amountMinorUnits = item.amount();
            entity.items.add(itemEntity);
        }
        return entity;
    }

    private static boolean sameContent(PaymentOrderEntity existing, PaymentOrder order) {
        return existing.batchId.equals(order.batchId().value())
                && existing.incidentId.equals(order.incidentId().value())
                && existing.chainId() == order.chainId()
                && Optional.ofNullable(existing.tokenContract).equals(order.tokenContract())
                && existing.method == order.method()
                && toItems(existing).equals(order.items());
    }

    /** What the stored order pays, in its order. */
    public static List<PaymentItem> toItems(PaymentOrderEntity entity) {
        return entity.items.stream()
                .map(item -> new PaymentItem(new InstructionId(item.instructionId), item.recipient, item.amountMinorUnits))
                .toList();
    }
}

package dev.restitution.payout.reconciliation.persistence;

import dev.restitution.payout.engine.domain.CallState;
import dev.restitution.payout.engine.persistence.CallTransactionEntity;
import dev.restitution.payout.execution.PaymentItem;
import dev.restitution.payout.execution.PaymentMethod;
import dev.restitution.payout.execution.PaymentOrders;
import dev.restitution.payout.execution.persistence.PaymentOrderEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** What chain reconciliation reads of payment orders and their signed transactions, bounded. */
@ApplicationScoped
public class ReconciledOrders {

    /** A confirmed order as the database holds it. */
    public record ConfirmedOrder(UUID id, PaymentMethod method, Optional<String> token, List<PaymentItem> items,
                                 String onchainBatchId, String txHash, long blockNumber) {
    }

    /** A signed payment transaction (no cancellation) of an order that is not confirmed. */
    public record SignedTransaction(UUID orderId, CallState state, String txHash) {
    }

    /** Every order of some batches: all ids, the confirmed ones, the others' signed transactions, their senders. */
    public record Scope(Set<UUID> orderIds, List<ConfirmedOrder> confirmed, List<SignedTransaction> signedUnconfirmed,
                        Set<String> senders) {
    }

    /** The order a BatchPaid event's batch id names: its id, state and the block it is recorded as confirmed in. */
    public record ByBatchId(UUID orderId, CallState state, Optional<Long> confirmedBlockNumber) {
    }

    private final EntityManager entityManager;

    public ReconciledOrders(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Orders of the chain confirmed in the block range, by block.
     *
     * @throws IllegalArgumentException when the range holds more than {@code limit} of them
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ConfirmedOrder> confirmed(long chainId, long fromBlock, long toBlock, int limit) {
        List<PaymentOrderEntity> entities = entityManager.createQuery("""
                        select o from PaymentOrderEntity o where o.state = :confirmed and o.chainId = :chain
                        and o.confirmedBlockNumber between :from and :to order by o.confirmedBlockNumber, o.id""",
                        PaymentOrderEntity.class)
                .setParameter("confirmed", CallState.CONFIRMED).setParameter("chain", chainId)
                .setParameter("from", fromBlock).setParameter("to", toBlock)
                .setMaxResults(limit + 1).getResultList();
        if (entities.size() > limit) {
            throw new IllegalArgumentException("the range holds more than " + limit + " confirmed orders; narrow it");
        }
        return entities.stream().map(ReconciledOrders::toConfirmed).toList();
    }

    /**
     * Every order of the batches on the chain.
     *
     * @throws IllegalArgumentException when the batches hold more than {@code limit} orders
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Scope scope(long chainId, Collection<UUID> batchIds, int limit) {
        if (batchIds.isEmpty()) {
            return new Scope(Set.of(), List.of(), List.of(), Set.of());
        }
        List<PaymentOrderEntity> entities = entityManager.createQuery("""
                        select o from PaymentOrderEntity o where o.batchId in :batches and o.chainId = :chain
                        order by o.confirmedBlockNumber, o.id""", PaymentOrderEntity.class)
                .setParameter("batches", batchIds).setParameter("chain", chainId)
                .setMaxResults(limit + 1).getResultList();
        if (entities.size() > limit) {
            throw new IllegalArgumentException("the scope holds more than " + limit + " payment orders; narrow it");
        }
        Set<UUID> ids = new LinkedHashSet<>();
        List<ConfirmedOrder> confirmed = new ArrayList<>();
        List<UUID> unconfirmed = new ArrayList<>();
        Set<String> senders = new TreeSet<>();
        Map<UUID, CallState> states = new HashMap<>();
        for (PaymentOrderEntity entity : entities) {
            ids.add(entity.id());
            states.put(entity.id(), entity.state());
            entity.sender().ifPresent(senders::add);
            if (entity.state() == CallState.CONFIRMED) {
                confirmed.add(toConfirmed(entity));
            } else if (entity.sender().isPresent()) {
                unconfirmed.add(entity.id());
            }
        }
        List<SignedTransaction> signed = unconfirmed.isEmpty() ? List.of() : entityManager.createQuery("""
                        select t from CallTransactionEntity t where t.callId in :orders and t.cancels = false
                        order by t.callId, t.attempt""", CallTransactionEntity.class)
                .setParameter("orders", unconfirmed).getResultList().stream()
                .map(transaction -> new SignedTransaction(transaction.callId, states.get(transaction.callId),
                        transaction.txHash)).toList();
        return new Scope(ids, confirmed, signed, senders);
    }

    /** The order whose on-chain batch id is {@code onchainBatchId}, if any. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<ByBatchId> byOnchainBatchId(String onchainBatchId) {
        return entityManager.createQuery("""
                        select o from PaymentOrderEntity o where o.onchainBatchId = :batchId""", PaymentOrderEntity.class)
                .setParameter("batchId", onchainBatchId).getResultList().stream().findFirst()
                .map(order -> new ByBatchId(order.id(), order.state(), order.confirmedBlockNumber()));
    }

    private static ConfirmedOrder toConfirmed(PaymentOrderEntity entity) {
        return new ConfirmedOrder(entity.id(), entity.method, Optional.ofNullable(entity.tokenContract),
                PaymentOrders.toItems(entity), entity.onchainBatchId, entity.confirmedTxHash().orElseThrow(),
                entity.confirmedBlockNumber().orElseThrow());
    }
}

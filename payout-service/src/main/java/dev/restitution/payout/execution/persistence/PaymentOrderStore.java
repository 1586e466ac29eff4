package dev.restitution.payout.execution.persistence;

import dev.restitution.payout.engine.domain.CallState;
import dev.restitution.payout.id.InstructionId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The payment orders' reads and writes: queueing, the live-order check of instructions and the per-day cap's sum. */
@ApplicationScoped
public class PaymentOrderStore {

    private final EntityManager entityManager;

    public PaymentOrderStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public Optional<PaymentOrderEntity> find(UUID orderId) {
        return Optional.ofNullable(entityManager.find(PaymentOrderEntity.class, orderId));
    }

    /** The payment orders of a batch, locked (the lock the engine takes to sign one), by id. */
    public List<PaymentOrderEntity> lockOfBatch(UUID batchId) {
        return entityManager.createQuery("select o from PaymentOrderEntity o where o.batchId = :batch order by o.id",
                        PaymentOrderEntity.class)
                .setParameter("batch", batchId)
                .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
    }

    public void add(PaymentOrderEntity order) {
        entityManager.persist(order);
    }

    /**
     * The rounds whose entitlements the order pays (through its items' instructions) and whose on-chain commitment is
     * not PUBLISHED (confirmed at depth), at most {@code limit}: while any is listed, nothing of the order is signed.
     */
    public List<UUID> uncommittedRounds(UUID orderId, int limit) {
        @SuppressWarnings("unchecked")
        List<Object> rounds = entityManager.createNativeQuery("""
                        select distinct cast(instruction.round_id as text) from payment_item item
                        join payout_instruction instruction on instruction.id = item.instruction_id
                        where item.order_id = :order
                          and not exists (select 1 from commitment c
                                          where c.round_id = instruction.round_id and c.state = 'PUBLISHED')""")
                .setParameter("order", orderId)
                .setMaxResults(limit)
                .getResultList();
        return rounds.stream().map(round -> UUID.fromString(round.toString())).toList();
    }

    /** One of {@code instructionIds} that an order not finally failed already pays, if any. */
    public Optional<InstructionId> anyInLiveOrder(List<InstructionId> instructionIds) {
        List<UUID> taken = entityManager.createQuery("""
                        select i.instructionId from PaymentItemEntity i
                        where i.instructionId in :instructionIds and i.order.state <> :failed""", UUID.class)
                .setParameter("instructionIds", instructionIds.stream().map(InstructionId::value).toList())
                .setParameter("failed", CallState.FAILED)
                .setMaxResults(1)
                .getResultList();
        return taken.stream().findFirst().map(InstructionId::new);
    }

    /**
     * What other orders of {@code order}'s chain and asset signed in {@code [from, to)} pay, failed ones aside
     * (they paid nothing).
     */
    public BigInteger signedByOthers(PaymentOrderEntity order, Instant from, Instant to) {
        String assetCondition = order.tokenContract == null ? "o.tokenContract is null" : "o.tokenContract = :token";
        var query = entityManager.createQuery("""
                        select coalesce(sum(o.totalMinorUnits), 0) from PaymentOrderEntity o
                        where o.chainId = :chain and %s and o.id <> :self
                          and o.state in (dev.restitution.payout.engine.domain.CallState.PENDING,
                                          dev.restitution.payout.engine.domain.CallState.CONFIRMED)
                          and o.signedAt >= :from and o.signedAt < :to""".formatted(assetCondition))
                .setParameter("chain", order.chainId())
                .setParameter("self", order.id())
                .setParameter("from", from)
                .setParameter("to", to);
        if (order.tokenContract != null) {
            query.setParameter("token", order.tokenContract);
        }
        Object sum = query.getSingleResult();
        return sum instanceof BigInteger big ? big : new BigDecimal(sum.toString()).toBigIntegerExact();
    }
}

package dev.restitution.payout.engine.persistence;

import dev.restitution.payout.engine.domain.CallState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The engine's reads and writes of chain calls and their signed transactions. */
@ApplicationScoped
public class ChainCallStore {

    private final EntityManager entityManager;

    public ChainCallStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Open calls of one owner's kind, held ones last (so they never crowd out the rest), oldest first (a call that had
     * to wait counts from when it last waited, so waiting calls never crowd out the ones that can go); at most
     * {@code limit}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> open(Class<? extends ChainCallEntity> entity, int limit) {
        return entityManager.createQuery("""
                        select c.id from %s c where c.state in (:queued, :pending)
                        order by case when c.heldAt is null then 0 else 1 end, coalesce(c.waitedAt, c.queuedAt), c.id"""
                        .formatted(entity.getSimpleName()), UUID.class)
                .setParameter("queued", CallState.QUEUED)
                .setParameter("pending", CallState.PENDING)
                .setMaxResults(limit)
                .getResultList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public <T extends ChainCallEntity> Optional<T> find(Class<T> entity, UUID callId) {
        return Optional.ofNullable(entityManager.find(entity, callId));
    }

    /** The call under its row lock for the rest of the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T extends ChainCallEntity> T lock(Class<T> entity, UUID callId) {
        T call = entityManager.find(entity, callId, LockModeType.PESSIMISTIC_WRITE);
        if (call == null) {
            throw new IllegalArgumentException("no chain call " + callId);
        }
        return call;
    }

    /** Writes the call's row now, so that what observers of its move read in this transaction is the new state. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void flush() {
        entityManager.flush();
    }

    /** The call's signed transactions, first attempt first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<CallTransactionEntity> transactionsOf(UUID callId) {
        return entityManager.createQuery("""
                        select t from CallTransactionEntity t where t.callId = :call order by t.attempt""",
                        CallTransactionEntity.class)
                .setParameter("call", callId).getResultList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<CallTransactionEntity> latestOf(UUID callId) {
        List<CallTransactionEntity> stored = transactionsOf(callId);
        return stored.isEmpty() ? Optional.empty() : Optional.of(stored.getLast());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public CallTransactionEntity transaction(String txHash) {
        return entityManager.find(CallTransactionEntity.class, txHash);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void store(CallTransactionEntity transaction) {
        entityManager.persist(transaction);
    }

    /** Records when the node first took the transaction; a later broadcast keeps the first moment. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void broadcast(String txHash, Instant now) {
        entityManager.createQuery("""
                        update CallTransactionEntity t set t.broadcastAt = :now
                        where t.txHash = :hash and t.broadcastAt is null""")
                .setParameter("now", now).setParameter("hash", txHash).executeUpdate();
    }
}

package dev.restitution.payout.commitment.persistence;

import dev.restitution.payout.engine.domain.CallState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The commitments' and their calls' reads and writes. */
@ApplicationScoped
public class CommitmentStore {

    private final EntityManager entityManager;

    public CommitmentStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<CommitmentEntity> find(String commitmentId) {
        return Optional.ofNullable(entityManager.find(CommitmentEntity.class, commitmentId));
    }

    /** The commitment under its row lock for the rest of the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<CommitmentEntity> lock(String commitmentId) {
        return Optional.ofNullable(entityManager.find(CommitmentEntity.class, commitmentId, LockModeType.PESSIMISTIC_WRITE));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<CommitmentEntity> ofRound(UUID roundId) {
        return entityManager.createQuery("select c from CommitmentEntity c where c.roundId = :round", CommitmentEntity.class)
                .setParameter("round", roundId).getResultStream().findFirst();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(CommitmentEntity commitment) {
        entityManager.persist(commitment);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void addCall(CommitmentCallEntity call) {
        entityManager.persist(call);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<CommitmentCallEntity> findCall(UUID callId) {
        return Optional.ofNullable(entityManager.find(CommitmentCallEntity.class, callId));
    }

    /** The commitment's attempts, first first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<CommitmentCallEntity> callsOf(String commitmentId) {
        return entityManager.createQuery("""
                        select c from CommitmentCallEntity c where c.commitmentId = :commitment order by c.attempt""",
                        CommitmentCallEntity.class)
                .setParameter("commitment", commitmentId).getResultList();
    }

    /**
     * OPEN commitments without a live attempt whose last attempt (if any) failed before {@code failedBefore}, oldest
     * first; at most {@code limit}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> due(Instant failedBefore, int limit) {
        return entityManager.createQuery("""
                        select c.commitmentId from CommitmentEntity c
                        where c.state = :open
                          and not exists (select 1 from CommitmentCallEntity live
                                          where live.commitmentId = c.commitmentId and live.state <> :failed)
                          and not exists (select 1 from CommitmentCallEntity recent
                                          where recent.commitmentId = c.commitmentId and recent.updatedAt >= :failedBefore)
                        order by c.createdAt, c.commitmentId""", String.class)
                .setParameter("open", CommitmentEntity.State.OPEN)
                .setParameter("failed", CallState.FAILED)
                .setParameter("failedBefore", failedBefore)
                .setMaxResults(limit)
                .getResultList();
    }
}

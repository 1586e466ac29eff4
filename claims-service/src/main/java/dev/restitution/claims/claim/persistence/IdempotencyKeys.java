package dev.restitution.claims.claim.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.FlushModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Idempotency keys of claim commands, per account, under a primary key: a key acts once. */
@ApplicationScoped
public class IdempotencyKeys {

    public record Used(String operation, UUID claimId, int statusCode) {
    }

    public Optional<Used> find(String accountId, String key) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        select operation, claim_id, status_code from idempotency_key
                        where account_id = :account and idempotency_key = :key""")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("account", accountId)
                .setParameter("key", key)
                .getResultList();
        return rows.stream().findFirst().map(row -> new Used((String) row[0], (UUID) row[1], ((Number) row[2]).intValue()));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String accountId, String key, String operation, UUID claimId, int statusCode, Instant now) {
        Panache.getEntityManager().createNativeQuery("""
                        insert into idempotency_key (account_id, idempotency_key, operation, claim_id, status_code, created_at)
                        values (:account, :key, :operation, :claim, :status, :at)""")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("account", accountId)
                .setParameter("key", key)
                .setParameter("operation", operation)
                .setParameter("claim", claimId)
                .setParameter("status", statusCode)
                .setParameter("at", now)
                .executeUpdate();
    }
}

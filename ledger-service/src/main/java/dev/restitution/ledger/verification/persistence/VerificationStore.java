package dev.restitution.ledger.verification.persistence;

import static dev.restitution.kit.persistence.SqlValues.amount;
import static dev.restitution.kit.persistence.SqlValues.instant;
import static dev.restitution.kit.persistence.SqlValues.uuid;

import dev.restitution.ledger.verification.domain.ChainVerification;
import dev.restitution.ledger.verification.domain.RecoveryCheck;
import dev.restitution.ledger.verification.domain.VerificationStatus;
import dev.restitution.ledger.verification.domain.VerificationSubject;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Optional;
import java.util.UUID;

/** The chain_verification rows, in plain SQL; rows never leave this package. */
@ApplicationScoped
public class VerificationStore {

    private static final String COLUMNS = """
            id, incident_id, asset, subject, transfer_id, status, detail, attempts, next_attempt_at, checked_at
            """;

    private static EntityManager em() {
        return Panache.getEntityManager();
    }

    public void add(ChainVerification verification, Instant createdAt) {
        em().createNativeQuery("insert into chain_verification (" + COLUMNS + ", created_at) values "
                        + "(:id, :incident, :asset, :subject, :transfer, :status, :detail, :attempts, :next, :checked, :created)")
                .setParameter("id", verification.id())
                .setParameter("incident", verification.incidentId())
                .setParameter("asset", verification.asset())
                .setParameter("subject", verification.subject().name())
                .setParameter("transfer", verification.transferId().orElse(null))
                .setParameter("status", verification.status().name())
                .setParameter("detail", verification.detail())
                .setParameter("attempts", verification.attempts())
                .setParameter("next", verification.nextAttemptAt().orElse(null))
                .setParameter("checked", verification.checkedAt().orElse(null))
                .setParameter("created", createdAt)
                .executeUpdate();
    }

    /**
     * Up to {@code limit} verifications due at {@code now}, oldest due first, leased until {@code leaseUntil}
     * (their next attempt is moved there) so another ledger instance does not ask for them at the same time;
     * rows another transaction holds are skipped.
     */
    public List<ChainVerification> leaseDue(Instant now, Instant leaseUntil, int limit) {
        List<ChainVerification> due = read("""
                select %s from chain_verification where next_attempt_at <= :now
                order by next_attempt_at, id limit :limit for update skip locked""".formatted(COLUMNS),
                query -> query.setParameter("now", now).setParameter("limit", limit));
        if (!due.isEmpty()) {
            em().createNativeQuery("update chain_verification set next_attempt_at = :lease where id in (:ids)")
                    .setParameter("lease", leaseUntil)
                    .setParameter("ids", due.stream().map(ChainVerification::id).toList())
                    .executeUpdate();
        }
        return due;
    }

    /** Stores an attempt's result; answers false when the row was already final (nothing changed). */
    public boolean record(ChainVerification after) {
        return em().createNativeQuery("""
                        update chain_verification set status = :status, detail = :detail, attempts = :attempts,
                        next_attempt_at = :next, checked_at = :checked where id = :id and next_attempt_at is not null""")
                .setParameter("status", after.status().name())
                .setParameter("detail", after.detail())
                .setParameter("attempts", after.attempts())
                .setParameter("next", after.nextAttemptAt().orElse(null))
                .setParameter("checked", after.checkedAt().orElse(null))
                .setParameter("id", after.id())
                .executeUpdate() == 1;
    }

    public List<ChainVerification> ofIncident(UUID incidentId) {
        return read("select %s from chain_verification where incident_id = :incident order by created_at, id"
                .formatted(COLUMNS), query -> query.setParameter("incident", incidentId));
    }

    /**
     * The incident's on-chain recoveries in booking order, each with what corrections reversed of it and its
     * verification; at most {@code limit}.
     */
    @SuppressWarnings("unchecked")
    public List<RecoveryCheck> recoveriesOf(UUID incidentId, int limit) {
        List<Object[]> rows = em().createNativeQuery("""
                        select v.id, v.incident_id, v.asset, v.subject, v.transfer_id, v.status, v.detail, v.attempts,
                        v.next_attempt_at, v.checked_at, t.tx_hash, t.amount,
                        (select coalesce(sum(c.amount), 0) from ledger_transfer c where c.corrects_transfer_id = t.id),
                        a.chain_id
                        from chain_verification v join ledger_transfer t on t.id = v.transfer_id
                        join incident_asset a on a.incident_id = v.incident_id and a.symbol = v.asset
                        where v.incident_id = :incident order by t.position limit :limit""")
                .setParameter("incident", incidentId)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(row -> new RecoveryCheck(uuid(row[4]), (String) row[10], amount(row[11]),
                amount(row[12]), "eip155:" + ((Number) row[13]).longValue(), toDomain(row))).toList();
    }

    /**
     * Per asset, what the incident's on-chain recoveries the chain has not confirmed (UNVERIFIED or MISMATCH) still
     * hold in the books: each one's amount less what corrections reversed of it. Assets without any are absent.
     */
    @SuppressWarnings("unchecked")
    public Map<String, BigInteger> unconfirmedRecoveries(UUID incidentId) {
        List<Object[]> rows = em().createNativeQuery("""
                        select v.asset, sum(greatest(t.amount - (select coalesce(sum(c.amount), 0) from ledger_transfer c
                            where c.corrects_transfer_id = t.id), 0))
                        from chain_verification v join ledger_transfer t on t.id = v.transfer_id
                        where v.incident_id = :incident and v.subject = 'RECOVERY' and v.status <> 'VERIFIED'
                        group by v.asset""")
                .setParameter("incident", incidentId)
                .getResultList();
        Map<String, BigInteger> unconfirmed = new HashMap<>();
        for (Object[] row : rows) {
            unconfirmed.put((String) row[0], amount(row[1]));
        }
        return unconfirmed;
    }

    public Optional<ChainVerification> ofTransfer(UUID transferId) {
        return read("select %s from chain_verification where transfer_id = :transfer".formatted(COLUMNS),
                query -> query.setParameter("transfer", transferId)).stream().findFirst();
    }

    private interface Parameters {
        jakarta.persistence.Query bind(jakarta.persistence.Query query);
    }

    @SuppressWarnings("unchecked")
    private static List<ChainVerification> read(String sql, Parameters parameters) {
        List<Object[]> rows = parameters.bind(em().createNativeQuery(sql)).getResultList();
        return rows.stream().map(VerificationStore::toDomain).toList();
    }

    private static ChainVerification toDomain(Object[] row) {
        return new ChainVerification(uuid(row[0]), uuid(row[1]), (String) row[2], VerificationSubject.valueOf((String) row[3]),
                Optional.ofNullable(row[4]).map(value -> uuid(value)), VerificationStatus.valueOf((String) row[5]),
                (String) row[6], ((Number) row[7]).intValue(), Optional.ofNullable(row[8]).map(value -> instant(value)),
                Optional.ofNullable(row[9]).map(value -> instant(value)));
    }
}

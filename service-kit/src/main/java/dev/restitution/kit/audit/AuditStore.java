package dev.restitution.kit.audit;

import dev.restitution.kit.persistence.SqlValues;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;

/** The audit_entry rows and the chain head; rows never leave this package. */
@ApplicationScoped
public class AuditStore {

    /** The chain's last sequence number and hash. */
    public record Head(long sequence, String hash) {
    }

    private static EntityManager em() {
        return Panache.getEntityManager();
    }

    /** The head, locked until the transaction ends: appends are serialised in commit order. */
    public Head lockHead() {
        Object[] row = (Object[]) em().createNativeQuery(
                "select sequence, hash from audit_chain_head where singleton for update").getSingleResult();
        return new Head(SqlValues.count(row[0]), (String) row[1]);
    }

    public Head head() {
        Object[] row = (Object[]) em().createNativeQuery(
                "select sequence, hash from audit_chain_head where singleton").getSingleResult();
        return new Head(SqlValues.count(row[0]), (String) row[1]);
    }

    public void append(AuditEntry entry) {
        AuditRecord record = entry.record();
        em().createNativeQuery("""
                        insert into audit_entry (sequence, version, occurred_at, actor_subject_id, actor_username,
                            action, subject_type, subject_id, before_state, after_state, reason, previous_hash, hash)
                        values (:sequence, :version, :occurredAt, :actorSubjectId, :actorUsername, :action,
                            :subjectType, :subjectId, :before, :after, :reason, :previousHash, :hash)""")
                .setParameter("sequence", entry.sequence())
                .setParameter("version", entry.version())
                .setParameter("occurredAt", entry.occurredAt())
                .setParameter("actorSubjectId", record.actor().subjectId())
                .setParameter("actorUsername", record.actor().username())
                .setParameter("action", record.action())
                .setParameter("subjectType", record.subjectType())
                .setParameter("subjectId", record.subjectId())
                .setParameter("before", record.before())
                .setParameter("after", record.after())
                .setParameter("reason", record.reason())
                .setParameter("previousHash", entry.previousHash())
                .setParameter("hash", entry.hash())
                .executeUpdate();
        int moved = em().createNativeQuery("""
                        update audit_chain_head set sequence = :sequence, hash = :hash
                        where singleton and sequence = :previous""")
                .setParameter("sequence", entry.sequence())
                .setParameter("hash", entry.hash())
                .setParameter("previous", entry.sequence() - 1)
                .executeUpdate();
        if (moved != 1) {
            throw new IllegalStateException("audit chain head moved under a locked append at " + entry.sequence());
        }
    }

    /** Entries with a sequence number above {@code afterSequence}, in order, at most {@code limit}. */
    public List<AuditEntry> after(long afterSequence, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("""
                        select sequence, occurred_at, actor, action, subject_type, subject_id, before_state,
                            after_state, reason, previous_hash, hash, version, actor_subject_id, actor_username
                        from audit_entry where sequence > :after order by sequence limit :limit""")
                .setParameter("after", afterSequence)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(AuditStore::toEntry).toList();
    }

    /**
     * Like {@link #after(long, int)}, only the entries whose actor, action, subject type and subject id each
     * contain the query's part of them (ignoring case); the actor matches in its subject id or its user name. Keyset paging on the sequence: a page ends at its last match.
     */
    public List<AuditEntry> matching(AuditQuery query, long afterSequence, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("""
                        select sequence, occurred_at, actor, action, subject_type, subject_id, before_state,
                            after_state, reason, previous_hash, hash, version, actor_subject_id, actor_username
                        from audit_entry where sequence > :after
                            and (:actor = '' or strpos(lower(coalesce(actor,
                                actor_subject_id || ' (' || actor_username || ')')), :actor) > 0)
                            and (:action = '' or strpos(lower(action), :action) > 0)
                            and (:subjectType = '' or strpos(lower(subject_type), :subjectType) > 0)
                            and (:subjectId = '' or strpos(lower(subject_id), :subjectId) > 0)
                        order by sequence limit :limit""")
                .setParameter("after", afterSequence)
                .setParameter("actor", query.actor())
                .setParameter("action", query.action())
                .setParameter("subjectType", query.subjectType())
                .setParameter("subjectId", query.subjectId())
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(AuditStore::toEntry).toList();
    }

    /** Version 1 rows hold the actor as one text; later ones its subject id and user name in columns of their own. */
    private static AuditEntry toEntry(Object[] row) {
        int version = ((Number) row[11]).intValue();
        Actor actor = version == AuditChain.ACTOR_AS_TEXT
                ? Actor.fromText((String) row[2])
                : new Actor((String) row[12], (String) row[13]);
        AuditRecord record = new AuditRecord(actor, (String) row[3], (String) row[4], (String) row[5],
                (String) row[6], (String) row[7], (String) row[8]);
        return new AuditEntry(SqlValues.count(row[0]), version, SqlValues.instant(row[1]), record, (String) row[9],
                (String) row[10]);
    }
}

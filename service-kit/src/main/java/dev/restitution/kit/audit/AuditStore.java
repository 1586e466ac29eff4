package dev.restitution.kit.audit;

import dev.restitution.kit.persistence.SqlValues;
import dev.restitution.kit.tracing.TraceParent;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The audit_entry rows and the service-wide chain's head; rows never leave this package. */
@ApplicationScoped
public class AuditStore {

    /** The chain's last sequence number and hash. */
    public record Head(long sequence, String hash) {
    }

    /** The columns {@link #toEntry} reads, in its order. */
    private static final String COLUMNS = """
            sequence, occurred_at, actor, action, subject_type, subject_id, before_state, after_state, reason,
            previous_hash, hash, version, actor_subject_id, actor_username, chain_key,
            coalesce(chain_sequence, sequence), trace_id
            """;

    /** A chain's last entry: its place in the chain and its hash. */
    public record Link(long chainSequence, String hash) {
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
        Query insert = em().createNativeQuery("""
                        insert into audit_entry (sequence, version, occurred_at, actor_subject_id, actor_username,
                            action, subject_type, subject_id, before_state, after_state, reason, previous_hash, hash,
                            trace_id)
                        values (:sequence, :version, :occurredAt, :actorSubjectId, :actorUsername, :action,
                            :subjectType, :subjectId, :before, :after, :reason, :previousHash, :hash, :traceId)""");
        bindEntry(insert, entry.version(), entry.occurredAt(), record, entry.previousHash(), entry.hash())
                .setParameter("sequence", entry.sequence())
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

    /** Binds the columns every entry has, keyed or not; the trace id is the current span's, if any. */
    private static Query bindEntry(Query insert, int version, Instant occurredAt, AuditRecord record,
                                   String previousHash, String hash) {
        return insert.setParameter("version", version)
                .setParameter("traceId", TraceParent.current().map(TraceParent::traceId).orElse(null))
                .setParameter("occurredAt", occurredAt)
                .setParameter("actorSubjectId", record.actor().subjectId())
                .setParameter("actorUsername", record.actor().username())
                .setParameter("action", record.action())
                .setParameter("subjectType", record.subjectType())
                .setParameter("subjectId", record.subjectId())
                .setParameter("before", record.before())
                .setParameter("after", record.after())
                .setParameter("reason", record.reason())
                .setParameter("previousHash", previousHash)
                .setParameter("hash", hash);
    }

    /** Entries with a sequence number above {@code afterSequence}, in order, at most {@code limit}. */
    public List<AuditEntry> after(long afterSequence, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("select " + COLUMNS + """
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
        List<Object[]> rows = em().createNativeQuery("select " + COLUMNS + """
                         from audit_entry where sequence > :after
                            and (:actor = '' or strpos(lower(coalesce(actor, coalesce(actor_subject_id,
                                'unrecorded:' || actor_username) || ' (' || actor_username || ')')), :actor) > 0)
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

    /**
     * The last entry of the keyed chain {@code chainKey}, or empty when it has none. Not locked: two appends racing
     * for one place are refused by the unique place in the chain, and the caller's transaction rolls back.
     */
    public Optional<Link> lastOfChain(String chainKey) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("""
                        select chain_sequence, hash from audit_entry
                        where chain_key = :chain and chain_sequence is not null
                        order by chain_sequence desc limit 1""")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("chain", chainKey)
                .getResultList();
        return rows.stream().findFirst().map(row -> new Link(SqlValues.count(row[0]), (String) row[1]));
    }

    /** Writes an entry of a keyed chain with the next sequence in the log; returns it with that sequence. */
    public AuditEntry appendKeyed(AuditChain.Link link) {
        AuditRecord record = link.record();
        Query insert = em().createNativeQuery("""
                        insert into audit_entry (sequence, chain_key, chain_sequence, version, occurred_at,
                            actor_subject_id, actor_username, action, subject_type, subject_id, before_state,
                            after_state, reason, previous_hash, hash, trace_id)
                        values (nextval('audit_entry_keyed_sequence'), :chain, :chainSequence, :version, :occurredAt,
                            :actorSubjectId, :actorUsername, :action, :subjectType, :subjectId, :before, :after,
                            :reason, :previousHash, :hash, :traceId)
                        returning sequence""")
                .setFlushMode(FlushModeType.COMMIT);
        Object sequence = bindEntry(insert, link.version(), link.occurredAt(), record, link.previousHash(), link.hash())
                .setParameter("chain", link.chainKey())
                .setParameter("chainSequence", link.chainSequence())
                .getSingleResult();
        return link.placedAt(SqlValues.count(sequence));
    }

    /** The entries of one chain in chain order; a keyed chain (a claim's) holds a few dozen at most. */
    public List<AuditEntry> chain(String chainKey) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("select " + COLUMNS + """
                         from audit_entry where chain_key = :chain
                        order by chain_key, coalesce(chain_sequence, sequence)""")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("chain", chainKey)
                .getResultList();
        return rows.stream().map(AuditStore::toEntry).toList();
    }

    /**
     * Entries in chain order (by chain key, then place in the chain) after the place {@code afterChainSequence} of
     * the chain {@code afterChainKey}, at most {@code limit}: a walk over every chain a bounded page at a time.
     */
    public List<AuditEntry> inChainOrder(String afterChainKey, long afterChainSequence, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("select " + COLUMNS + """
                         from audit_entry
                        where (chain_key, coalesce(chain_sequence, sequence)) > (:chain, :chainSequence)
                        order by chain_key, coalesce(chain_sequence, sequence) limit :limit""")
                .setParameter("chain", afterChainKey)
                .setParameter("chainSequence", afterChainSequence)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(AuditStore::toEntry).toList();
    }

    /** The entry written last (the highest sequence in the log), or empty when the log is empty. */
    public Optional<Head> last() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery(
                        "select sequence, hash from audit_entry order by sequence desc limit 1")
                .getResultList();
        return rows.stream().findFirst().map(row -> new Head(SqlValues.count(row[0]), (String) row[1]));
    }

    /**
     * Version 1 rows hold the actor as one text; version 3 rows the user name alone; the others subject id and user
     * name in columns of their own. Versions 3 and 4 show what their hash covers only: subject and reason follow from
     * their chain key and action.
     */
    private static AuditEntry toEntry(Object[] row) {
        int version = ((Number) row[11]).intValue();
        Actor actor = switch (version) {
            case AuditChain.ACTOR_AS_TEXT -> Actor.fromText((String) row[2]);
            case AuditChain.KEYED_USERNAME_ONLY -> Actor.unrecordedSubject((String) row[13]);
            default -> new Actor((String) row[12], (String) row[13]);
        };
        String chainKey = (String) row[14];
        AuditRecord record = version == AuditChain.KEYED_USERNAME_ONLY || version == AuditChain.KEYED_SUBJECT_AND_USERNAME
                ? AuditChain.keyedLegacyRecord(chainKey, actor, (String) row[3], (String) row[6], (String) row[7])
                : new AuditRecord(actor, (String) row[3], (String) row[4], (String) row[5], (String) row[6],
                        (String) row[7], (String) row[8]);
        return new AuditEntry(SqlValues.count(row[0]), chainKey, SqlValues.count(row[15]), version,
                SqlValues.instant(row[1]), record, (String) row[9], (String) row[10], (String) row[16]);
    }
}

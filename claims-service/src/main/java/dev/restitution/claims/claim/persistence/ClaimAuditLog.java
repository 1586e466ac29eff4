package dev.restitution.claims.claim.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.claims.claim.domain.ClaimAuditChain;
import dev.restitution.kit.audit.Actor;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.FlushModeType;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Appends one entry per state change of a claim, in the transaction of the change: who, when, what,
 * before ({} when the claim is new) and after, as JSON, chained by hash to the claim's previous entry
 * ({@link ClaimAuditChain}). The table refuses updates and deletes (trigger in V2); (claim, sequence)
 * is unique, so two concurrent appends to one claim cannot both take the same place in its chain.
 * The entry appended last is kept for the rest of its transaction, so a second append to the same claim
 * (submitted, then approved) chains to it without reading the chain again.
 */
@ApplicationScoped
public class ClaimAuditLog {

    private final ObjectMapper json;
    private final TransactionSynchronizationRegistry transactions;

    public ClaimAuditLog(ObjectMapper json, TransactionSynchronizationRegistry transactions) {
        this.json = json;
        this.transactions = transactions;
    }

    /** Names the claim's last entry among the current transaction's resources. */
    private record LastEntryOf(UUID claimId) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(UUID claimId, Actor actor, Instant at, String action, Optional<Map<String, Object>> before,
                       Map<String, Object> after) {
        Optional<ClaimAuditChain.Entry> last = appendedInThisTransaction(claimId)
                .or(() -> entries(claimId, "order by sequence desc limit 1").stream().findFirst());
        insert(ClaimAuditChain.next(claimId,
                last.map(ClaimAuditChain.Entry::sequence).orElse(0),
                last.map(ClaimAuditChain.Entry::hash).orElse(ClaimAuditChain.GENESIS_HASH),
                at, actor, action, before.map(this::write).orElse("{}"), write(after)));
    }

    /**
     * The first entry of a claim created in this transaction: nothing can precede it, so the chain is not
     * read (a second first entry would still be refused by the unique sequence).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendFirst(UUID claimId, Actor actor, Instant at, String action, Map<String, Object> after) {
        insert(ClaimAuditChain.next(claimId, 0, ClaimAuditChain.GENESIS_HASH, at, actor, action, "{}", write(after)));
    }

    private Optional<ClaimAuditChain.Entry> appendedInThisTransaction(UUID claimId) {
        return Optional.ofNullable((ClaimAuditChain.Entry) transactions.getResource(new LastEntryOf(claimId)));
    }

    private void insert(ClaimAuditChain.Entry entry) {
        Panache.getEntityManager().createNativeQuery("""
                        insert into claim_audit (claim_id, sequence, version, actor_subject_id, actor, at, action,
                            before_state, after_state, previous_hash, hash)
                        values (:claim, :sequence, :version, :subjectId, :username, :at, :action, :before, :after,
                            :previous, :hash)""")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("claim", entry.claimId())
                .setParameter("sequence", entry.sequence())
                .setParameter("version", entry.version())
                .setParameter("subjectId", entry.actor().subjectId())
                .setParameter("username", entry.actor().username())
                .setParameter("at", entry.at())
                .setParameter("action", entry.action())
                .setParameter("before", entry.before())
                .setParameter("after", entry.after())
                .setParameter("previous", entry.previousHash())
                .setParameter("hash", entry.hash())
                .executeUpdate();
        // Kept only after the row is written: the unique (claim, sequence) still refuses a concurrent append.
        transactions.putResource(new LastEntryOf(entry.claimId()), entry);
    }

    /** The claim's entries in order; a claim has a few dozen at most. */
    public List<ClaimAuditChain.Entry> entries(UUID claimId) {
        return entries(claimId, "order by sequence");
    }

    private List<ClaimAuditChain.Entry> entries(UUID claimId, String order) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        select sequence, at, actor, action, before_state, after_state, previous_hash, hash, version,
                            actor_subject_id
                        from claim_audit where claim_id = :claim\s""" + order)
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("claim", claimId)
                .getResultList();
        return rows.stream().map(row -> new ClaimAuditChain.Entry(claimId, ((Number) row[0]).intValue(),
                ((Number) row[8]).intValue(), instant(row[1]), actor((String) row[9], (String) row[2]), (String) row[3],
                (String) row[4], (String) row[5], (String) row[6], (String) row[7])).toList();
    }

    /** The actor of a stored entry or row: entries of version 1 (and rows of before) kept the user name only. */
    public static Actor actor(String subjectId, String username) {
        return subjectId == null ? Actor.unrecordedSubject(username) : new Actor(subjectId, username);
    }

    private static Instant instant(Object column) {
        return switch (column) {
            case Instant instant -> instant;
            case OffsetDateTime offsetDateTime -> offsetDateTime.toInstant();
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("unexpected timestamp type " + column.getClass());
        };
    }

    private String write(Map<String, Object> state) {
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException failure) {
            throw new IllegalStateException("audit state not serialisable", failure);
        }
    }
}

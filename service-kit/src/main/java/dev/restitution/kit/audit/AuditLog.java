package dev.restitution.kit.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The append-only, hash-chained audit log: who did what, when, to what, before and after, and why.
 * An entry is written in the transaction of the change it records, so both exist or neither; a
 * refusal that must be remembered although its transaction rolls back is written in its own.
 */
@ApplicationScoped
public class AuditLog {

    /** Entries read per step of a verification walk, so the walk holds a bounded page in memory. */
    static final int VERIFY_PAGE_SIZE = 1000;

    private final AuditStore store;
    private final Clock clock;

    public AuditLog(AuditStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Appends in the caller's transaction; returns the entry with its place in the chain. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEntry append(Actor actor, String action, String subjectType, String subjectId, String before,
                             String after, String reason) {
        AuditRecord record = new AuditRecord(actor, action, subjectType, subjectId, before, after, reason);
        AuditStore.Head head = store.lockHead();
        AuditEntry entry = AuditChain.next(head.sequence(), head.hash(), clock.instant(), record);
        store.append(entry);
        return entry;
    }

    /** Appends in a transaction of its own that commits whatever happens to the caller's. */
    public AuditEntry appendCommitted(Actor actor, String action, String subjectType, String subjectId, String before,
                                      String after, String reason) {
        return QuarkusTransaction.requiringNew()
                .call(() -> append(actor, action, subjectType, subjectId, before, after, reason));
    }

    /** Entries after {@code afterSequence} in order that match {@code query}, at most {@code limit}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AuditEntry> matching(AuditQuery query, long afterSequence, int limit) {
        return query.isAny() ? store.after(afterSequence, limit) : store.matching(query, afterSequence, limit);
    }

    /**
     * Walks the whole chain from the first entry, a bounded page at a time, recomputing each hash
     * and link, and checks that the head names the last entry.
     */
    @Transactional
    public Verification verify() {
        long previousSequence = 0;
        String previousHash = AuditChain.GENESIS_HASH;
        List<AuditEntry> page = store.after(0, VERIFY_PAGE_SIZE);
        while (!page.isEmpty()) {
            for (AuditEntry entry : page) {
                Optional<String> problem = AuditChain.breakAt(previousSequence, previousHash, entry);
                if (problem.isPresent()) {
                    return new Verification(false, previousSequence, store.head(),
                            Optional.of(entry.sequence()), problem);
                }
                previousSequence = entry.sequence();
                previousHash = entry.hash();
            }
            page = store.after(previousSequence, VERIFY_PAGE_SIZE);
        }
        AuditStore.Head head = store.head();
        if (head.sequence() != previousSequence || !head.hash().equals(previousHash)) {
            return new Verification(false, previousSequence, head, Optional.of(previousSequence + 1),
                    Optional.of("the head names entry " + head.sequence() + " with hash " + head.hash()
                            + " but the chain ends at " + previousSequence + " with hash " + previousHash));
        }
        return new Verification(true, previousSequence, head, Optional.empty(), Optional.empty());
    }

    /** The outcome of a walk over the chain: intact, or where it first breaks and how. */
    public record Verification(boolean intact, long verifiedEntries, AuditStore.Head head,
                               Optional<Long> firstBrokenSequence, Optional<String> problem) {
    }
}

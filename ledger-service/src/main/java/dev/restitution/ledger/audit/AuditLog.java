package dev.restitution.ledger.audit;

import dev.restitution.ledger.audit.domain.AuditChain;
import dev.restitution.ledger.audit.domain.AuditEntry;
import dev.restitution.ledger.audit.domain.AuditRecord;
import dev.restitution.ledger.audit.persistence.AuditStore;
import dev.restitution.ledger.config.LedgerConfig;
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

    private final AuditStore store;
    private final Clock clock;
    private final int verifyPageSize;

    public AuditLog(AuditStore store, Clock clock, LedgerConfig config) {
        this.store = store;
        this.clock = clock;
        this.verifyPageSize = config.audit().verifyPageSize();
    }

    /** Appends in the caller's transaction; returns the entry with its place in the chain. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEntry append(Actor actor, String action, String subjectType, String subjectId, String before,
                             String after, String reason) {
        AuditRecord record = new AuditRecord(actor.recorded(), action, subjectType, subjectId, before, after, reason);
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

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AuditEntry> after(long afterSequence, int limit) {
        return store.after(afterSequence, limit);
    }

    /**
     * Walks the whole chain from the first entry, a bounded page at a time, recomputing each hash
     * and link, and checks that the head names the last entry.
     */
    @Transactional
    public Verification verify() {
        long previousSequence = 0;
        String previousHash = AuditChain.GENESIS_HASH;
        List<AuditEntry> page = store.after(0, verifyPageSize);
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
            page = store.after(previousSequence, verifyPageSize);
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

package dev.restitution.kit.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The append-only, hash-chained audit log: who did what, when, to what, before and after, and why.
 * An entry is written in the transaction of the change it records, so both exist or neither; a
 * refusal that must be remembered although its transaction rolls back is written in its own.
 *
 * <p>A service keeps either one service-wide chain ({@link #append}: ledger-service, payout-service), whose head
 * every append locks so entries take consecutive sequences in commit order, or one chain per key
 * ({@link #appendToChain}: claims-service, a chain per claim), whose appends take no common lock: two appends
 * racing for one place in a chain are refused by its unique place.
 */
@ApplicationScoped
public class AuditLog {

    /** Entries read per step of a verification walk, so the walk holds a bounded page in memory. */
    static final int VERIFY_PAGE_SIZE = 1000;

    private final AuditStore store;
    private final Clock clock;
    private final TransactionSynchronizationRegistry transactions;

    public AuditLog(AuditStore store, Clock clock, TransactionSynchronizationRegistry transactions) {
        this.store = store;
        this.clock = clock;
        this.transactions = transactions;
    }

    /** Appends to the service-wide chain in the caller's transaction; returns the entry with its place in the chain. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEntry append(Actor actor, String action, String subjectType, String subjectId, String before,
                             String after, String reason) {
        AuditRecord record = new AuditRecord(actor, action, subjectType, subjectId, before, after, reason);
        AuditStore.Head head = store.lockHead();
        AuditEntry entry = AuditChain.next(head.sequence(), head.hash(), clock.instant(), record);
        store.append(entry);
        return entry;
    }

    /** Appends to the service-wide chain in a transaction of its own that commits whatever happens to the caller's. */
    public AuditEntry appendCommitted(Actor actor, String action, String subjectType, String subjectId, String before,
                                      String after, String reason) {
        return QuarkusTransaction.requiringNew()
                .call(() -> append(actor, action, subjectType, subjectId, before, after, reason));
    }

    /** Names a chain's last entry among the current transaction's resources. */
    private record LastOfChain(String chainKey) {
    }

    /**
     * Appends, in the caller's transaction, to the chain {@code chainKey} (not the service-wide one) after its last
     * entry. The entry appended last to a chain is kept for the rest of the transaction, so a second append to it
     * (submitted, then approved) chains on without reading the chain again.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEntry appendToChain(String chainKey, Instant occurredAt, AuditRecord record) {
        requireKeyed(chainKey);
        Optional<AuditStore.Link> last = Optional.ofNullable((AuditStore.Link) transactions.getResource(new LastOfChain(chainKey)))
                .or(() -> store.lastOfChain(chainKey));
        return write(AuditChain.next(chainKey, last.map(AuditStore.Link::chainSequence).orElse(0L),
                last.map(AuditStore.Link::hash).orElse(AuditChain.GENESIS_HASH), occurredAt, record));
    }

    /**
     * The first entry of a chain whose subject was created in this transaction: nothing can precede it, so the chain
     * is not read (a second first entry would still be refused by the unique place in the chain).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEntry startChain(String chainKey, Instant occurredAt, AuditRecord record) {
        requireKeyed(chainKey);
        return write(AuditChain.next(chainKey, 0, AuditChain.GENESIS_HASH, occurredAt, record));
    }

    private AuditEntry write(AuditChain.Link link) {
        AuditEntry entry = store.appendKeyed(link);
        // Kept only after the row is written: the unique place in the chain still refuses a concurrent append.
        transactions.putResource(new LastOfChain(link.chainKey()), new AuditStore.Link(entry.chainSequence(), entry.hash()));
        return entry;
    }

    private static void requireKeyed(String chainKey) {
        Objects.requireNonNull(chainKey, "chainKey");
        if (chainKey.isBlank() || chainKey.length() > AuditChain.MAX_CHAIN_KEY_LENGTH
                || AuditChain.SERVICE_CHAIN.equals(chainKey)) {
            throw new IllegalArgumentException("a keyed chain's key is 1 to " + AuditChain.MAX_CHAIN_KEY_LENGTH
                    + " characters and not the service-wide chain's");
        }
    }

    /** Entries after {@code afterSequence} in the order of writing that match {@code query}, at most {@code limit}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AuditEntry> matching(AuditQuery query, long afterSequence, int limit) {
        return query.isAny() ? store.after(afterSequence, limit) : store.matching(query, afterSequence, limit);
    }

    /** One chain's entries in order and whether they still follow each other. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Chain chain(String chainKey) {
        List<AuditEntry> entries = store.chain(chainKey);
        return new Chain(chainKey, entries, AuditChain.firstBreak(entries));
    }

    /** A chain's entries in order, and where they stop following each other (empty when intact). */
    public record Chain(String chainKey, List<AuditEntry> entries, Optional<String> firstBreak) {
        public boolean intact() {
            return firstBreak.isEmpty();
        }
    }

    /**
     * Walks every chain from its first entry, a bounded page at a time, recomputing each hash and link, and checks
     * that the service-wide chain's head names its last entry. Reports the first break found (chains are walked by
     * key); the head is the service-wide chain's, or for a log of keyed chains its entry written last.
     */
    @Transactional
    public Verification verify() {
        long verified = 0;
        String chainKey = "";
        long previousSequence = 0;
        String previousHash = AuditChain.GENESIS_HASH;
        long serviceSequence = 0;
        String serviceHash = AuditChain.GENESIS_HASH;
        List<AuditEntry> page = store.inChainOrder("", 0, VERIFY_PAGE_SIZE);
        while (!page.isEmpty()) {
            for (AuditEntry entry : page) {
                if (!entry.chainKey().equals(chainKey)) {
                    chainKey = entry.chainKey();
                    previousSequence = 0;
                    previousHash = AuditChain.GENESIS_HASH;
                }
                Optional<String> problem = AuditChain.breakAt(previousSequence, previousHash, entry);
                if (problem.isPresent()) {
                    return new Verification(false, verified, head(), Optional.of(entry.sequence()),
                            problem.map(text -> inChain(entry.chainKey(), text)));
                }
                verified++;
                previousSequence = entry.chainSequence();
                previousHash = entry.hash();
                if (AuditChain.SERVICE_CHAIN.equals(chainKey)) {
                    serviceSequence = previousSequence;
                    serviceHash = previousHash;
                }
            }
            AuditEntry last = page.getLast();
            page = store.inChainOrder(last.chainKey(), last.chainSequence(), VERIFY_PAGE_SIZE);
        }
        AuditStore.Head head = store.head();
        if (head.sequence() != serviceSequence || !head.hash().equals(serviceHash)) {
            return new Verification(false, verified, head, Optional.of(serviceSequence + 1),
                    Optional.of("the head names entry " + head.sequence() + " with hash " + head.hash()
                            + " but the chain ends at " + serviceSequence + " with hash " + serviceHash));
        }
        return new Verification(true, verified, head(), Optional.empty(), Optional.empty());
    }

    private AuditStore.Head head() {
        AuditStore.Head head = store.head();
        return head.sequence() > 0 ? head : store.last().orElse(head);
    }

    private static String inChain(String chainKey, String problem) {
        return AuditChain.SERVICE_CHAIN.equals(chainKey) ? problem : "chain " + chainKey + ": " + problem;
    }

    /** The outcome of a walk over the chains: intact, or where they first break and how. */
    public record Verification(boolean intact, long verifiedEntries, AuditStore.Head head,
                               Optional<Long> firstBrokenSequence, Optional<String> problem) {
    }
}

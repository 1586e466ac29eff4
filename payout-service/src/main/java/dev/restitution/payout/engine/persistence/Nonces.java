package dev.restitution.payout.engine.persistence;

import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditStates;
import dev.restitution.kit.audit.OwnActor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One nonce sequence per sending address, in the database. {@link #lock} takes the address's row lock for the
 * rest of the caller's transaction: two signers never take the same nonce, and everything one address signs
 * (cap checks included) happens one at a time.
 *
 * <p>Every nonce this service uses is stored with its signed transaction before anything is broadcast, so the
 * chain can never count more transactions from the address than the database signed. When it does, someone else
 * holds the key (the breach this platform answers was a stolen hot-wallet key): the address is halted for good,
 * audited, and nothing is signed for it again. Its sequence is never moved to the chain's count, which would
 * overwrite the evidence and let the service sign on beside the thief.
 */
@ApplicationScoped
public class Nonces {

    private static final Logger LOG = Logger.getLogger(Nonces.class);
    static final String SUBJECT = "SENDER";

    private final EntityManager entityManager;
    private final AuditLog audit;
    private final Clock clock;
    private final OwnActor own;

    public Nonces(EntityManager entityManager, AuditLog audit, Clock clock, OwnActor own) {
        this.entityManager = entityManager;
        this.audit = audit;
        this.clock = clock;
        this.own = own;
    }

    /** The next nonce of a sender that may sign, or why it may not. */
    public record Lock(BigInteger next, Optional<String> halted) {
    }

    /** A halted sending address as the database records it. */
    public record Halt(long chainId, String sender, BigInteger databaseNextNonce, BigInteger chainNonce, String reason,
                       Instant detectedAt) {
    }

    /**
     * Locks the sender's row and answers its next nonce, or the halt that stops it. An address used for the first
     * time starts at the chain's pending count (its earlier history is not this service's). Afterwards a pending
     * count above the stored sequence is foreign use: the address is halted here, in the caller's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Lock lock(long chainId, String sender, BigInteger chainPendingNonce) {
        entityManager.createNativeQuery("""
                        insert into sender_nonce (chain_id, sender, next_nonce) values (:chain, :sender, :next)
                        on conflict (chain_id, sender) do nothing""")
                .setParameter("chain", chainId).setParameter("sender", sender)
                .setParameter("next", new BigDecimal(chainPendingNonce)).executeUpdate();
        Object stored = entityManager.createNativeQuery("""
                        select next_nonce from sender_nonce where chain_id = :chain and sender = :sender for update""")
                .setParameter("chain", chainId).setParameter("sender", sender).getSingleResult();
        BigInteger next = new BigDecimal(stored.toString()).toBigIntegerExact();
        Optional<Halt> halt = halt(chainId, sender);
        if (halt.isPresent()) {
            return new Lock(next, Optional.of(halt.get().reason()));
        }
        if (chainPendingNonce.compareTo(next) > 0) {
            String reason = "the chain counts " + chainPendingNonce + " transactions from " + sender
                    + " but this service signed nonces below " + next + " only: transactions it did not sign use its key";
            return new Lock(next, Optional.of(halt(chainId, sender, next, chainPendingNonce, reason)));
        }
        return new Lock(next, Optional.empty());
    }

    /**
     * Halts the sender (unless it already is) with {@code reason}, audited; answers the reason the halt holds.
     * Only under the lock of {@link #lock}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String halt(long chainId, String sender, BigInteger databaseNextNonce, BigInteger chainNonce, String reason) {
        Optional<Halt> existing = halt(chainId, sender);
        if (existing.isPresent()) {
            return existing.get().reason();
        }
        Instant now = clock.instant();
        entityManager.createNativeQuery("""
                        insert into sender_halt (chain_id, sender, database_next_nonce, chain_nonce, reason, detected_at)
                        values (:chain, :sender, :databaseNext, :chainNonce, :reason, :now)""")
                .setParameter("chain", chainId).setParameter("sender", sender)
                .setParameter("databaseNext", new BigDecimal(databaseNextNonce))
                .setParameter("chainNonce", new BigDecimal(chainNonce))
                .setParameter("reason", reason).setParameter("now", now).executeUpdate();
        audit.append(own.actor(), "SENDER_HALTED", SUBJECT, chainId + ":" + sender,
                AuditStates.json(Map.of("sender", sender, "nextNonce", databaseNextNonce.toString(), "signing", true)),
                AuditStates.json(Map.of("sender", sender, "nextNonce", databaseNextNonce.toString(),
                        "chainNonce", chainNonce.toString(), "signing", false)), reason);
        LOG.errorf("ALERT sending address %s on chain %d halted: %s", sender, chainId, reason);
        return reason;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Halt> halt(long chainId, String sender) {
        return halts(Optional.of(chainId), Optional.of(sender)).stream().findFirst();
    }

    /** Halted senders, oldest first; at most {@code limit}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Halt> halts(Optional<Long> chainId, int limit) {
        return halts(chainId, Optional.empty()).stream().limit(limit).toList();
    }

    private List<Halt> halts(Optional<Long> chainId, Optional<String> sender) {
        String conditions = (chainId.isPresent() ? " and chain_id = :chain" : "")
                + (sender.isPresent() ? " and sender = :sender" : "");
        var query = entityManager.createNativeQuery("""
                select chain_id, sender, cast(database_next_nonce as text), cast(chain_nonce as text), reason, detected_at
                from sender_halt where true%s order by detected_at, sender limit 1000""".formatted(conditions));
        chainId.ifPresent(chain -> query.setParameter("chain", chain));
        sender.ifPresent(address -> query.setParameter("sender", address));
        List<?> rows = query.getResultList();
        return rows.stream().map(row -> (Object[]) row).map(row -> new Halt(((Number) row[0]).longValue(),
                (String) row[1], new BigInteger((String) row[2]), new BigInteger((String) row[3]), (String) row[4],
                toInstant(row[5]))).toList();
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        return value instanceof java.sql.Timestamp timestamp ? timestamp.toInstant()
                : ((java.time.OffsetDateTime) value).toInstant();
    }

    /** The sender's next nonce as the database holds it, read without a lock; empty for an address never used. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<BigInteger> stored(long chainId, String sender) {
        List<?> rows = entityManager.createNativeQuery("""
                        select cast(next_nonce as text) from sender_nonce where chain_id = :chain and sender = :sender""")
                .setParameter("chain", chainId).setParameter("sender", sender).getResultList();
        return rows.stream().map(row -> new BigInteger(row.toString())).findFirst();
    }

    /** Records that {@code used} is taken; only under the lock of {@link #lock}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void taken(long chainId, String sender, BigInteger used) {
        int updated = entityManager.createNativeQuery("""
                        update sender_nonce set next_nonce = :next where chain_id = :chain and sender = :sender""")
                .setParameter("next", new BigDecimal(used.add(BigInteger.ONE)))
                .setParameter("chain", chainId).setParameter("sender", sender).executeUpdate();
        if (updated != 1) {
            throw new IllegalStateException("no nonce row for " + sender + " on chain " + chainId);
        }
    }
}

package dev.restitution.payout.execution;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * One nonce sequence per sending address, in the database. {@link #lock} takes the address's row lock for the
 * rest of the caller's transaction: two signers never take the same nonce, and everything one address signs
 * (cap checks included) happens one at a time.
 */
@ApplicationScoped
public class Nonces {

    private final EntityManager entityManager;

    public Nonces(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Locks the sender's row and answers the next nonce to use: the stored one, or the chain's pending count
     * when that is higher (a transaction this database does not know of used nonces; going back would
     * collide with it, going forward only leaves a gap that the chain's count already closed).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public BigInteger lock(long chainId, String sender, BigInteger chainPendingNonce) {
        entityManager.createNativeQuery("""
                        insert into sender_nonce (chain_id, sender, next_nonce) values (:chain, :sender, 0)
                        on conflict (chain_id, sender) do nothing""")
                .setParameter("chain", chainId).setParameter("sender", sender).executeUpdate();
        Object stored = entityManager.createNativeQuery("""
                        select next_nonce from sender_nonce where chain_id = :chain and sender = :sender for update""")
                .setParameter("chain", chainId).setParameter("sender", sender).getSingleResult();
        BigInteger next = new BigDecimal(stored.toString()).toBigIntegerExact();
        return next.max(chainPendingNonce);
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

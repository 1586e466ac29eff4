package dev.restitution.claims.address.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.FlushModeType;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/** Accepted EIP-712 address proofs; (account, nonce) is unique, so a nonce proves once. */
@ApplicationScoped
public class AddressProofStore {

    public record Accepted(UUID claimId, String accountId, long chainId, String address, BigInteger nonce,
                           long expiryEpochSeconds, String signature, Instant acceptedAt) {
    }

    public boolean nonceUsed(String accountId, BigInteger nonce) {
        return ((Number) Panache.getEntityManager().createNativeQuery("""
                        select count(*) from address_proof where account_id = :account and nonce = :nonce""")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("account", accountId)
                .setParameter("nonce", new java.math.BigDecimal(nonce))
                .getSingleResult()).longValue() > 0;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Accepted proof) {
        Panache.getEntityManager().createNativeQuery("""
                        insert into address_proof (id, claim_id, account_id, chain_id, address, nonce, expiry, signature, accepted_at)
                        values (:id, :claim, :account, :chain, :address, :nonce, :expiry, :signature, :at)""")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("id", UUID.randomUUID())
                .setParameter("claim", proof.claimId())
                .setParameter("account", proof.accountId())
                .setParameter("chain", proof.chainId())
                .setParameter("address", proof.address())
                // numeric(78,0) is bound exactly through BigDecimal with scale 0; no arithmetic happens on it.
                .setParameter("nonce", new java.math.BigDecimal(proof.nonce()))
                .setParameter("expiry", proof.expiryEpochSeconds())
                .setParameter("signature", proof.signature())
                .setParameter("at", proof.acceptedAt())
                .executeUpdate();
    }
}

package dev.restitution.claims.address.persistence;

import dev.restitution.kit.audit.Actor;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * claims-service's copy of payout-service's denylist, and the refused attempts to use a listed address. An
 * address is listed for an incident and chain when an entry of that chain (or an inherited entry, which holds
 * on every chain) names it for that incident or for every incident.
 */
@ApplicationScoped
public class DenylistCopyStore {

    public boolean lists(UUID incidentId, long chainId, String address) {
        return ((Number) Panache.getEntityManager().createNativeQuery("""
                        select count(*) from denylist_copy
                        where address = :address and (chain_id = :chain or chain_id is null)
                            and (incident_id = :incident or incident_id is null)""")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("incident", incidentId)
                .setParameter("chain", chainId)
                .setParameter("address", address.toLowerCase(Locale.ROOT))
                .getSingleResult()).longValue() > 0;
    }

    /** payout-service listed the address: the entry is copied (again, when a replay repeats it). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void listed(long chainId, Optional<UUID> incidentId, String address, String reason, Instant at) {
        Panache.getEntityManager().createNativeQuery("""
                        insert into denylist_copy (chain_id, address, incident_id, origin, reason, listed_at)
                        values (:chain, :address, :incident, 'PAYOUT', :reason, :at)
                        on conflict on constraint denylist_copy_scope
                            do update set reason = excluded.reason, listed_at = excluded.listed_at""")
                .setParameter("chain", chainId)
                .setParameter("address", address.toLowerCase(Locale.ROOT))
                .setParameter("incident", incidentId.orElse(null))
                .setParameter("reason", reason)
                .setParameter("at", at)
                .executeUpdate();
    }

    /** payout-service removed the entry; false when the copy did not hold it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean unlisted(long chainId, Optional<UUID> incidentId, String address) {
        Query delete = Panache.getEntityManager().createNativeQuery("""
                        delete from denylist_copy where origin = 'PAYOUT' and chain_id = :chain and address = :address"""
                + (incidentId.isPresent() ? " and incident_id = :incident" : " and incident_id is null"));
        incidentId.ifPresent(incident -> delete.setParameter("incident", incident));
        return delete.setParameter("chain", chainId)
                .setParameter("address", address.toLowerCase(Locale.ROOT))
                .executeUpdate() == 1;
    }

    /** Records a refused attempt to use a listed address; the caller commits it although it refuses the request. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAttempt(UUID incidentId, UUID claimId, String accountId, String address, Actor attemptedBy,
                              Instant at) {
        Panache.getEntityManager().createNativeQuery("""
                        insert into denylist_hit (id, incident_id, claim_id, account_id, address, attempted_by,
                            attempted_by_subject_id, attempted_at)
                        values (:id, :incident, :claim, :account, :address, :by, :bySubject, :at)""")
                .setParameter("id", UUID.randomUUID())
                .setParameter("incident", incidentId)
                .setParameter("claim", claimId)
                .setParameter("account", accountId)
                .setParameter("address", address.toLowerCase(Locale.ROOT))
                .setParameter("by", attemptedBy.username())
                .setParameter("bySubject", attemptedBy.subjectId())
                .setParameter("at", at)
                .executeUpdate();
    }
}

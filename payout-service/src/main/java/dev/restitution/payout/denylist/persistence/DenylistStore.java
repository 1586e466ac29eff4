package dev.restitution.payout.denylist.persistence;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.persistence.SqlValues;
import dev.restitution.payout.denylist.domain.DenylistEntry;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.web3j.crypto.Keys;

/**
 * The denylist's rows. An entry holds on its chain for every incident (no incident id) or for one; an address
 * is listed for an incident when an entry of either kind names it. Addresses are stored and compared in
 * lowercase, so a checksum variant of a listed address is listed too.
 */
@ApplicationScoped
public class DenylistStore {

    private static final String COLUMNS = "chain_id, address, reason, added_by, added_at, added_by_username, incident_id";

    public record Page(List<DenylistEntry> items, long total) {
    }

    private static EntityManager em() {
        return Panache.getEntityManager();
    }

    /** True when {@code address} is listed on {@code chainId} for {@code incidentId} (or for every incident). */
    @Transactional
    public boolean lists(long chainId, UUID incidentId, String address) {
        return !listedAmong(chainId, incidentId, Set.of(address)).isEmpty();
    }

    /** The lowercase forms of those {@code addresses} that are listed on {@code chainId} for {@code incidentId}. */
    @Transactional
    public Set<String> listedAmong(long chainId, UUID incidentId, Collection<String> addresses) {
        Objects.requireNonNull(incidentId, "incidentId");
        if (addresses.isEmpty()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<String> listed = em().createNativeQuery("""
                        select distinct address from payout_denylist_entry
                        where chain_id = :chain and (incident_id is null or incident_id = :incident)
                            and address in (:addresses)""")
                .setParameter("chain", chainId)
                .setParameter("incident", incidentId)
                .setParameter("addresses", addresses.stream().map(address -> address.toLowerCase(Locale.ROOT)).toList())
                .getResultList();
        return Set.copyOf(listed);
    }

    /** Adds the entry; false when the same entry (chain, address, incident or none) exists (nothing changes). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean add(DenylistEntry entry) {
        return em().createNativeQuery("""
                        insert into payout_denylist_entry (chain_id, address, incident_id, reason, added_by,
                            added_by_username, added_at)
                        values (:chain, :address, :incident, :reason, :by, :byUsername, :at) on conflict do nothing""")
                .setParameter("chain", entry.chainId())
                .setParameter("address", entry.address().toLowerCase(Locale.ROOT))
                .setParameter("incident", entry.incidentId().orElse(null))
                .setParameter("reason", entry.reason())
                .setParameter("by", entry.addedBy().subjectId())
                .setParameter("byUsername", entry.addedBy().username())
                .setParameter("at", entry.addedAt())
                .executeUpdate() == 1;
    }

    /** The entry, locked until the transaction ends, or empty when there is no such entry. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<DenylistEntry> lock(long chainId, Optional<UUID> incidentId, String address) {
        Query query = em().createNativeQuery("select " + COLUMNS + " from payout_denylist_entry "
                + "where chain_id = :chain and address = :address and " + sameIncident(incidentId) + " for update");
        incidentId.ifPresent(incident -> query.setParameter("incident", incident));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.setParameter("chain", chainId)
                .setParameter("address", address.toLowerCase(Locale.ROOT))
                .getResultList();
        return rows.stream().findFirst().map(DenylistStore::toEntry);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void remove(long chainId, Optional<UUID> incidentId, String address) {
        Query delete = em().createNativeQuery("delete from payout_denylist_entry "
                + "where chain_id = :chain and address = :address and " + sameIncident(incidentId));
        incidentId.ifPresent(incident -> delete.setParameter("incident", incident));
        int removed = delete.setParameter("chain", chainId)
                .setParameter("address", address.toLowerCase(Locale.ROOT))
                .executeUpdate();
        if (removed != 1) {
            throw new IllegalStateException("denylist entry " + chainId + ":" + address + " " + incidentId
                    + " vanished under its lock");
        }
    }

    /** Newest first; of one chain, and holding for one incident (its own entries and those of every incident). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page page(Optional<Long> chainId, Optional<UUID> incidentId, int offset, int limit) {
        StringBuilder where = new StringBuilder("where true ");
        chainId.ifPresent(chain -> where.append("and chain_id = :chain "));
        incidentId.ifPresent(incident -> where.append("and (incident_id is null or incident_id = :incident) "));
        Query rowsQuery = em().createNativeQuery("select " + COLUMNS + " from payout_denylist_entry " + where
                + "order by added_at desc, chain_id, address, incident_id nulls first offset :offset limit :limit");
        Query countQuery = em().createNativeQuery("select count(*) from payout_denylist_entry " + where);
        chainId.ifPresent(chain -> {
            rowsQuery.setParameter("chain", chain);
            countQuery.setParameter("chain", chain);
        });
        incidentId.ifPresent(incident -> {
            rowsQuery.setParameter("incident", incident);
            countQuery.setParameter("incident", incident);
        });
        @SuppressWarnings("unchecked")
        List<Object[]> rows = rowsQuery.setParameter("offset", offset).setParameter("limit", limit).getResultList();
        return new Page(rows.stream().map(DenylistStore::toEntry).toList(), SqlValues.count(countQuery.getSingleResult()));
    }

    private static String sameIncident(Optional<UUID> incidentId) {
        return incidentId.isPresent() ? "incident_id = :incident" : "incident_id is null";
    }

    /** Entries added before the user name had a column of its own hold the actor as one text, {@code subject (name)}. */
    private static DenylistEntry toEntry(Object[] row) {
        Actor addedBy = row[5] == null ? Actor.fromText((String) row[3]) : new Actor((String) row[3], (String) row[5]);
        return new DenylistEntry(SqlValues.count(row[0]), Optional.ofNullable((UUID) row[6]),
                Keys.toChecksumAddress((String) row[1]), (String) row[2], addedBy, SqlValues.instant(row[4]));
    }
}

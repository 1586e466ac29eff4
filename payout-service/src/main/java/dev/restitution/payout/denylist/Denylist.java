package dev.restitution.payout.denylist;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.persistence.SqlValues;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.web3j.crypto.Keys;

/**
 * The payout denylist (attacker and sanctioned addresses) per chain. Batches never take a listed
 * address, approvals check again, and execution checks once more right before signing.
 * Addresses are compared in lowercase, so a checksum variant of a listed address is listed too.
 */
@ApplicationScoped
public class Denylist {

    /** One listed address; {@code address} in EIP-55 form. */
    public record Entry(long chainId, String address, String reason, Actor addedBy, Instant addedAt) {
        public Entry {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(addedBy, "addedBy");
            Objects.requireNonNull(addedAt, "addedAt");
        }
    }

    public record Page(List<Entry> items, long total) {
    }

    private static EntityManager em() {
        return Panache.getEntityManager();
    }

    /** True when {@code address} is listed on {@code chainId}; joins the caller's transaction if there is one. */
    @Transactional
    public boolean isDenied(long chainId, String address) {
        Objects.requireNonNull(address, "address");
        return SqlValues.count(em().createNativeQuery("""
                        select count(*) from payout_denylist_entry where chain_id = :chain and address = :address""")
                .setParameter("chain", chainId)
                .setParameter("address", address.toLowerCase(Locale.ROOT))
                .getSingleResult()) > 0;
    }

    /** The lowercase forms of those {@code addresses} that are listed on {@code chainId}. */
    @Transactional
    public Set<String> deniedAmong(long chainId, Collection<String> addresses) {
        if (addresses.isEmpty()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<String> listed = em().createNativeQuery("""
                        select address from payout_denylist_entry where chain_id = :chain and address in (:addresses)""")
                .setParameter("chain", chainId)
                .setParameter("addresses", addresses.stream().map(address -> address.toLowerCase(Locale.ROOT)).toList())
                .getResultList();
        return Set.copyOf(listed);
    }

    /** Adds the entry; false when the address was already listed on the chain (nothing changes). */
    @Transactional(Transactional.TxType.MANDATORY)
    boolean add(Entry entry) {
        return em().createNativeQuery("""
                        insert into payout_denylist_entry (chain_id, address, reason, added_by, added_by_username,
                            added_at)
                        values (:chain, :address, :reason, :by, :byUsername, :at) on conflict do nothing""")
                .setParameter("chain", entry.chainId())
                .setParameter("address", entry.address().toLowerCase(Locale.ROOT))
                .setParameter("reason", entry.reason())
                .setParameter("by", entry.addedBy().subjectId())
                .setParameter("byUsername", entry.addedBy().username())
                .setParameter("at", entry.addedAt())
                .executeUpdate() == 1;
    }

    /** The entry, locked until the transaction ends, or empty when the address is not listed. */
    @Transactional(Transactional.TxType.MANDATORY)
    Optional<Entry> lock(long chainId, String address) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("""
                        select chain_id, address, reason, added_by, added_at, added_by_username from payout_denylist_entry
                        where chain_id = :chain and address = :address for update""")
                .setParameter("chain", chainId)
                .setParameter("address", address.toLowerCase(Locale.ROOT))
                .getResultList();
        return rows.stream().findFirst().map(Denylist::toEntry);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void remove(long chainId, String address) {
        int removed = em().createNativeQuery("""
                        delete from payout_denylist_entry where chain_id = :chain and address = :address""")
                .setParameter("chain", chainId)
                .setParameter("address", address.toLowerCase(Locale.ROOT))
                .executeUpdate();
        if (removed != 1) {
            throw new IllegalStateException("denylist entry " + chainId + ":" + address + " vanished under its lock");
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page page(Optional<Long> chainId, int offset, int limit) {
        String where = chainId.isPresent() ? "where chain_id = :chain " : "";
        var rowsQuery = em().createNativeQuery("select chain_id, address, reason, added_by, added_at, added_by_username "
                + "from payout_denylist_entry " + where + "order by added_at desc, chain_id, address "
                + "offset :offset limit :limit");
        var countQuery = em().createNativeQuery("select count(*) from payout_denylist_entry " + where);
        chainId.ifPresent(chain -> {
            rowsQuery.setParameter("chain", chain);
            countQuery.setParameter("chain", chain);
        });
        @SuppressWarnings("unchecked")
        List<Object[]> rows = rowsQuery.setParameter("offset", offset).setParameter("limit", limit).getResultList();
        return new Page(rows.stream().map(Denylist::toEntry).toList(), SqlValues.count(countQuery.getSingleResult()));
    }

    /** Entries added before the user name had a column of its own hold the actor as one text, {@code subject (name)}. */
    private static Entry toEntry(Object[] row) {
        Actor addedBy = row[5] == null ? Actor.fromText((String) row[3]) : new Actor((String) row[3], (String) row[5]);
        return new Entry(SqlValues.count(row[0]), Keys.toChecksumAddress((String) row[1]), (String) row[2],
                addedBy, SqlValues.instant(row[4]));
    }
}

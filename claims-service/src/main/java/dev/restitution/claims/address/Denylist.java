package dev.restitution.claims.address;

import dev.restitution.claims.claim.persistence.ClaimAuditLog;
import dev.restitution.kit.audit.Actor;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.FlushModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The incident's denylist (attacker and sanctioned addresses). Addresses are stored and compared in
 * lowercase, so a checksum variant of a listed address is listed too.
 */
@ApplicationScoped
public class Denylist {

    public record Entry(String address, String reason, Actor addedBy, Instant addedAt) {
    }

    public record Page(List<Entry> items, long total) {
    }

    /** Adds the entry; false when the address was already listed for the incident (nothing changes). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean add(UUID incidentId, Entry entry) {
        return Panache.getEntityManager().createNativeQuery("""
                        insert into denylist_entry (incident_id, address, reason, added_by, added_by_subject_id, added_at)
                        values (:incident, :address, :reason, :by, :bySubject, :at) on conflict do nothing""")
                .setParameter("incident", incidentId)
                .setParameter("address", entry.address().toLowerCase(Locale.ROOT))
                .setParameter("reason", entry.reason())
                .setParameter("by", entry.addedBy().username())
                .setParameter("bySubject", entry.addedBy().subjectId())
                .setParameter("at", entry.addedAt())
                .executeUpdate() == 1;
    }

    public boolean lists(UUID incidentId, String address) {
        return ((Number) Panache.getEntityManager().createNativeQuery("""
                        select count(*) from denylist_entry where incident_id = :incident and address = :address""")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("incident", incidentId)
                .setParameter("address", address.toLowerCase(Locale.ROOT))
                .getSingleResult()).longValue() > 0;
    }

    public Page page(UUID incidentId, int offset, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        select address, reason, added_by, added_at, added_by_subject_id from denylist_entry where incident_id = :incident
                        order by added_at desc, address offset :offset limit :limit""")
                .setParameter("incident", incidentId)
                .setParameter("offset", offset)
                .setParameter("limit", limit)
                .getResultList();
        long total = ((Number) Panache.getEntityManager()
                .createNativeQuery("select count(*) from denylist_entry where incident_id = :incident")
                .setParameter("incident", incidentId).getSingleResult()).longValue();
        return new Page(rows.stream().map(row -> new Entry((String) row[0], (String) row[1],
                ClaimAuditLog.actor((String) row[4], (String) row[2]), instant(row[3]))).toList(), total);
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

    static Instant instant(Object column) {
        return switch (column) {
            case Instant instant -> instant;
            case java.time.OffsetDateTime offsetDateTime -> offsetDateTime.toInstant();
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("unexpected timestamp type " + column.getClass());
        };
    }
}

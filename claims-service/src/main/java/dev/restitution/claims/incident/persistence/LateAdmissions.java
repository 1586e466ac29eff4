package dev.restitution.claims.incident.persistence;

import dev.restitution.kit.audit.Actor;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.FlushModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Accounts a support-lead admitted to claim after the deadline; one per incident and account. */
@ApplicationScoped
public class LateAdmissions {

    /** At most this many admissions are listed for one incident. */
    public static final int MAX_LISTED = 10_000;

    public record Admission(UUID id, UUID incidentId, String accountId, String reason, Actor admittedBy, Instant admittedAt) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(Admission admission) {
        Panache.getEntityManager().createNativeQuery("""
                        insert into late_admission (id, incident_id, account_id, reason, admitted_by,
                            admitted_by_subject_id, admitted_at)
                        values (:id, :incident, :account, :reason, :by, :bySubject, :at)""")
                .setParameter("id", admission.id())
                .setParameter("incident", admission.incidentId())
                .setParameter("account", admission.accountId())
                .setParameter("reason", admission.reason())
                .setParameter("by", admission.admittedBy().username())
                .setParameter("bySubject", admission.admittedBy().subjectId())
                .setParameter("at", admission.admittedAt())
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Admission> of(UUID incidentId, String accountId) {
        return query("where incident_id = :incident and account_id = :account", incidentId, accountId).stream().findFirst();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<Admission> of(UUID incidentId) {
        return query("where incident_id = :incident", incidentId, null);
    }

    private static List<Admission> query(String where, UUID incidentId, String accountId) {
        var query = Panache.getEntityManager().createNativeQuery("""
                        select id, incident_id, account_id, reason, admitted_by, admitted_at, admitted_by_subject_id from late_admission
                        %s order by admitted_at desc, id limit %d""".formatted(where, MAX_LISTED))
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("incident", incidentId);
        if (accountId != null) {
            query.setParameter("account", accountId);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(row -> new Admission((UUID) row[0], (UUID) row[1], (String) row[2], (String) row[3],
                Actor.withSubjectIfRecorded((String) row[6], (String) row[4]), instant(row[5]))).toList();
    }

    private static Instant instant(Object column) {
        return switch (column) {
            case Instant instant -> instant;
            case OffsetDateTime offsetDateTime -> offsetDateTime.toInstant();
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("unexpected timestamp type " + column.getClass());
        };
    }
}

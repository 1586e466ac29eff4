package dev.restitution.claims.kyc.persistence;

import dev.restitution.kit.audit.Actor;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.FlushModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The latest KYC attestation per account. */
@ApplicationScoped
public class KycAttestationStore {

    public enum Status { VERIFIED, REJECTED }

    public record Attestation(String accountId, Status status, String reference, Actor attestedBy, Instant attestedAt) {
    }

    public boolean isVerified(String accountId) {
        return find(accountId).map(attestation -> attestation.status() == Status.VERIFIED).orElse(false);
    }

    public Optional<Attestation> find(String accountId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        select status, reference, attested_by, attested_at, attested_by_subject_id from kyc_attestation where account_id = :account""")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("account", accountId)
                .getResultList();
        return rows.stream().findFirst().map(row -> new Attestation(accountId, Status.valueOf((String) row[0]),
                (String) row[1], Actor.withSubjectIfRecorded((String) row[4], (String) row[2]), instant(row[3])));
    }

    private static Instant instant(Object column) {
        return switch (column) {
            case Instant instant -> instant;
            case java.time.OffsetDateTime offsetDateTime -> offsetDateTime.toInstant();
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("unexpected timestamp type " + column.getClass());
        };
    }

    /** Replaces the account's attestation with {@code attestation}: the provider's latest word counts. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void put(Attestation attestation) {
        Panache.getEntityManager().createNativeQuery("""
                        insert into kyc_attestation (account_id, status, reference, attested_by, attested_by_subject_id,
                            attested_at)
                        values (:account, :status, :reference, :by, :bySubject, :at)
                        on conflict (account_id) do update set status = excluded.status, reference = excluded.reference,
                            attested_by = excluded.attested_by, attested_by_subject_id = excluded.attested_by_subject_id,
                            attested_at = excluded.attested_at""")
                .setParameter("account", attestation.accountId())
                .setParameter("status", attestation.status().name())
                .setParameter("reference", attestation.reference())
                .setParameter("by", attestation.attestedBy().username())
                .setParameter("bySubject", attestation.attestedBy().subjectId())
                .setParameter("at", attestation.attestedAt())
                .executeUpdate();
    }
}

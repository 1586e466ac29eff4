package dev.restitution.claims.evidence.persistence;

import dev.restitution.claims.evidence.domain.EvidenceType;
import dev.restitution.kit.audit.Actor;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Evidence rows in PostgreSQL (bytea); the content is read only for a download. */
@ApplicationScoped
public class EvidenceStore {

    public record Stored(UUID id, UUID claimId, Optional<UUID> lineId, String fileName, EvidenceType type, long sizeBytes,
                         String sha256, Actor uploadedBy, Instant uploadedAt) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(Stored evidence, byte[] content) {
        Panache.getEntityManager().createNativeQuery("""
                        insert into claim_evidence (id, claim_id, line_id, file_name, content_type, size_bytes, sha256,
                            content, uploaded_by, uploaded_by_subject_id, uploaded_at)
                        values (:id, :claim, :line, :name, :type, :size, :sha256, :content, :by, :bySubject, :at)""")
                .setParameter("id", evidence.id())
                .setParameter("claim", evidence.claimId())
                .setParameter("line", evidence.lineId().orElse(null))
                .setParameter("name", evidence.fileName())
                .setParameter("type", evidence.type().mediaType())
                .setParameter("size", evidence.sizeBytes())
                .setParameter("sha256", evidence.sha256())
                .setParameter("content", content)
                .setParameter("by", evidence.uploadedBy().username())
                .setParameter("bySubject", evidence.uploadedBy().subjectId())
                .setParameter("at", evidence.uploadedAt())
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public long count(UUID claimId) {
        return ((Number) Panache.getEntityManager().createNativeQuery("select count(*) from claim_evidence where claim_id = :claim")
                .setParameter("claim", claimId).getSingleResult()).longValue();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<Stored> of(UUID claimId, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        select id, claim_id, line_id, file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at,
                            uploaded_by_subject_id
                        from claim_evidence where claim_id = :claim order by uploaded_at, id limit :limit""")
                .setParameter("claim", claimId)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(EvidenceStore::stored).toList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Stored> find(UUID claimId, UUID evidenceId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        select id, claim_id, line_id, file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at,
                            uploaded_by_subject_id
                        from claim_evidence where claim_id = :claim and id = :id""")
                .setParameter("claim", claimId)
                .setParameter("id", evidenceId)
                .getResultList();
        return rows.stream().findFirst().map(EvidenceStore::stored);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public byte[] content(UUID evidenceId) {
        return (byte[]) Panache.getEntityManager().createNativeQuery("select content from claim_evidence where id = :id")
                .setParameter("id", evidenceId).getSingleResult();
    }

    private static Stored stored(Object[] row) {
        return new Stored((UUID) row[0], (UUID) row[1], Optional.ofNullable((UUID) row[2]), (String) row[3],
                EvidenceType.ofMediaType((String) row[4]).orElseThrow(), ((Number) row[5]).longValue(), (String) row[6],
                Actor.withSubjectIfRecorded((String) row[9], (String) row[7]), instant(row[8]));
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

package dev.restitution.claims.review.persistence;

import dev.restitution.kit.audit.Actor;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Reviewers' internal comments on a claim, append-only; a claim holds at most {@link #MAX_PER_CLAIM}. */
@ApplicationScoped
public class CommentStore {

    public static final int MAX_PER_CLAIM = 500;

    public record Comment(UUID id, Actor author, Instant at, String text) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(UUID claimId, Comment comment) {
        Panache.getEntityManager().createNativeQuery("""
                        insert into claim_comment (id, claim_id, author, author_subject_id, at, text)
                        values (:id, :claim, :author, :authorSubject, :at, :text)""")
                .setParameter("id", comment.id())
                .setParameter("claim", claimId)
                .setParameter("author", comment.author().username())
                .setParameter("authorSubject", comment.author().subjectId())
                .setParameter("at", comment.at())
                .setParameter("text", comment.text())
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public long count(UUID claimId) {
        return ((Number) Panache.getEntityManager().createNativeQuery("select count(*) from claim_comment where claim_id = :claim")
                .setParameter("claim", claimId).getSingleResult()).longValue();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<Comment> of(UUID claimId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        select id, author, at, text, author_subject_id from claim_comment where claim_id = :claim order by at, id limit :limit""")
                .setParameter("claim", claimId)
                .setParameter("limit", MAX_PER_CLAIM)
                .getResultList();
        return rows.stream().map(row -> new Comment((UUID) row[0],
                Actor.withSubjectIfRecorded((String) row[4], (String) row[1]), instant(row[2]), (String) row[3])).toList();
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

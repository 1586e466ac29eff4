package dev.restitution.claims.secondfactor.persistence;

import dev.restitution.claims.secondfactor.domain.FactorReset;
import dev.restitution.claims.secondfactor.domain.FactorResetState;
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

/**
 * The second-factor resets, one row each; decided once (state, decider, time and cool-down end set together), and an
 * approved one's removal in Keycloak recorded once after it.
 */
@ApplicationScoped
public class FactorResetStore {

    /** At most this many resets are listed at once. */
    public static final int MAX_LISTED = 1000;

    private static final String COLUMNS = """
            id, account_id, reason, state, requested_by, requested_by_subject_id, requested_at, decided_by,
            decided_by_subject_id, decided_at, cool_down_ends_at, factor_removed_at""";

    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(FactorReset reset) {
        Panache.getEntityManager().createNativeQuery("""
                        insert into second_factor_reset (id, account_id, reason, state, requested_by,
                            requested_by_subject_id, requested_at)
                        values (:id, :account, :reason, :state, :by, :bySubject, :at)""")
                .setParameter("id", reset.id())
                .setParameter("account", reset.accountId())
                .setParameter("reason", reset.reason())
                .setParameter("state", reset.state().name())
                .setParameter("by", reset.requestedBy().username())
                .setParameter("bySubject", reset.requestedBy().subjectId())
                .setParameter("at", reset.requestedAt())
                .executeUpdate();
    }

    /** Whether the account has a reset waiting for its second pair of eyes. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean openFor(String accountId) {
        return ((Number) Panache.getEntityManager().createNativeQuery("""
                        select count(*) from second_factor_reset where account_id = :account and state = 'REQUESTED'""")
                .setParameter("account", accountId).getSingleResult()).longValue() > 0;
    }

    /** The reset, its row locked until the transaction ends (a decision takes it first). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<FactorReset> locked(UUID id) {
        return query("where id = :id for update", id);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<FactorReset> find(UUID id) {
        return query("where id = :id", id);
    }

    /** Moves a REQUESTED reset to its decision; false when it was no longer REQUESTED. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean decide(UUID id, FactorResetState decision, Actor lead, Instant at, Optional<Instant> coolDownEndsAt) {
        return Panache.getEntityManager().createNativeQuery("""
                        update second_factor_reset set state = :state, decided_by = :by, decided_by_subject_id = :bySubject,
                            decided_at = :at, cool_down_ends_at = :ends
                        where id = :id and state = 'REQUESTED'""")
                .setParameter("state", decision.name())
                .setParameter("by", lead.username())
                .setParameter("bySubject", lead.subjectId())
                .setParameter("at", at)
                .setParameter("ends", coolDownEndsAt.orElse(null))
                .setParameter("id", id)
                .executeUpdate() == 1;
    }

    /** Records that the approved reset's factor was removed; false when a removal was already recorded. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean recordRemoval(UUID id, Instant at, String keycloakUserId, int otpCredentialsRemoved) {
        return Panache.getEntityManager().createNativeQuery("""
                        update second_factor_reset set factor_removed_at = :at, keycloak_user_id = :user,
                            otp_credentials_removed = :removed
                        where id = :id and state = 'APPROVED' and factor_removed_at is null""")
                .setParameter("at", at)
                .setParameter("user", keycloakUserId)
                .setParameter("removed", otpCredentialsRemoved)
                .setParameter("id", id)
                .executeUpdate() == 1;
    }

    /** The latest end of the cool-downs of the account's approved resets that end after {@code now}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Instant> coolDownEnd(String accountId, Instant now) {
        Object end = Panache.getEntityManager().createNativeQuery("""
                        select max(cool_down_ends_at) from second_factor_reset
                        where account_id = :account and state = 'APPROVED' and cool_down_ends_at > :now""")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("account", accountId)
                .setParameter("now", now)
                .getSingleResult();
        return Optional.ofNullable(end).map(FactorResetStore::instant);
    }

    /**
     * Resets support still has to act on or watch: REQUESTED, APPROVED ones whose removal is not finished, and APPROVED
     * ones still in their cool-down; newest first.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<FactorReset> open(Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("select " + COLUMNS + """
                         from second_factor_reset
                        where state = 'REQUESTED'
                            or (state = 'APPROVED' and (factor_removed_at is null or cool_down_ends_at > :now))
                        order by requested_at desc, id limit %d""".formatted(MAX_LISTED))
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("now", now)
                .getResultList();
        return rows.stream().map(FactorResetStore::reset).toList();
    }

    private static Optional<FactorReset> query(String where, UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("select " + COLUMNS
                        + " from second_factor_reset " + where)
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("id", id)
                .getResultList();
        return rows.stream().findFirst().map(FactorResetStore::reset);
    }

    private static FactorReset reset(Object[] row) {
        Optional<Actor> decidedBy = Optional.ofNullable((String) row[7])
                .map(username -> Actor.withSubjectIfRecorded((String) row[8], username));
        return new FactorReset((UUID) row[0], (String) row[1], (String) row[2], FactorResetState.valueOf((String) row[3]),
                Actor.withSubjectIfRecorded((String) row[5], (String) row[4]), instant(row[6]), decidedBy,
                Optional.ofNullable(row[9]).map(FactorResetStore::instant),
                Optional.ofNullable(row[10]).map(FactorResetStore::instant),
                Optional.ofNullable(row[11]).map(FactorResetStore::instant));
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

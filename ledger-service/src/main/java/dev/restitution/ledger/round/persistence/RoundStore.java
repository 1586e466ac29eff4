package dev.restitution.ledger.round.persistence;

import static dev.restitution.kit.persistence.SqlValues.amount;
import static dev.restitution.kit.persistence.SqlValues.numeric;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.persistence.SqlValues;
import dev.restitution.ledger.round.domain.EntitlementTree;
import dev.restitution.ledger.round.domain.Round;
import dev.restitution.ledger.round.domain.RoundAssetPlan;
import dev.restitution.ledger.round.domain.RoundState;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Rounds and their per-asset plans; rows never leave this package. */
@ApplicationScoped
public class RoundStore {

    private static final String ROUND_COLUMNS = """
            id, incident_id, number, state, note, idempotency_key, plan_digest, proposed_by, proposed_at, decided_by,
            decided_at, decision_reason, proposed_by_username, decided_by_username, entitlement_root,
            entitlement_leaf_format, entitlement_leaves
            """;

    private static EntityManager em() {
        return Panache.getEntityManager();
    }

    /** Serialises round proposals of one incident until the transaction ends. */
    public void lockProposals(UUID incidentId) {
        em().createNativeQuery("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .setParameter("key", "distribution-round:" + incidentId)
                .getSingleResult();
    }

    public boolean hasOpenRound(UUID incidentId) {
        return SqlValues.count(em().createNativeQuery(
                        "select count(*) from distribution_round where incident_id = :incident and state = 'PROPOSED'")
                .setParameter("incident", incidentId)
                .getSingleResult()) > 0;
    }

    public int nextNumber(UUID incidentId) {
        return (int) SqlValues.count(em().createNativeQuery(
                        "select coalesce(max(number), 0) + 1 from distribution_round where incident_id = :incident")
                .setParameter("incident", incidentId)
                .getSingleResult());
    }

    public void insert(Round round) {
        em().createNativeQuery("insert into distribution_round (" + ROUND_COLUMNS + """
                        ) values (:id, :incident, :number, :state, :note, :key, :digest, :proposedBy, :proposedAt,
                        null, null, null, :proposedByUsername, null, null, null, null)""")
                .setParameter("id", round.id())
                .setParameter("incident", round.incidentId())
                .setParameter("number", round.number())
                .setParameter("state", round.state().name())
                .setParameter("note", round.note())
                .setParameter("key", round.idempotencyKey())
                .setParameter("digest", round.planDigest())
                .setParameter("proposedBy", round.proposedBy().subjectId())
                .setParameter("proposedByUsername", round.proposedBy().username())
                .setParameter("proposedAt", round.proposedAt())
                .executeUpdate();
        int position = 0;
        for (RoundAssetPlan plan : round.assets()) {
            em().createNativeQuery("""
                            insert into round_asset (round_id, asset, distributable, outstanding, convenience_threshold,
                                small_outstanding, entitled, dust, lines, lines_in_full, withheld_unverified, position)
                            values (:round, :asset, :distributable, :outstanding, :threshold, :smallOutstanding, :entitled,
                                :dust, :lines, :linesInFull, :withheldUnverified, :position)""")
                    .setParameter("round", round.id())
                    .setParameter("asset", plan.asset())
                    .setParameter("distributable", numeric(plan.distributable()))
                    .setParameter("outstanding", numeric(plan.outstanding()))
                    .setParameter("threshold", plan.threshold().map(SqlValues::numeric).orElse(null))
                    .setParameter("smallOutstanding", plan.smallOutstanding().map(SqlValues::numeric).orElse(null))
                    .setParameter("entitled", numeric(plan.entitled()))
                    .setParameter("dust", numeric(plan.dust()))
                    .setParameter("lines", plan.lines())
                    .setParameter("linesInFull", plan.linesInFull())
                    .setParameter("withheldUnverified", numeric(plan.withheldUnverified()))
                    .setParameter("position", position++)
                    .executeUpdate();
        }
    }

    public Optional<Round> byId(UUID roundId) {
        return rounds("select " + ROUND_COLUMNS + " from distribution_round where id = :value", roundId)
                .stream().findFirst();
    }

    /** The round, its row locked until the transaction ends, so two decisions cannot both pass. */
    public Optional<Round> lock(UUID roundId) {
        return rounds("select " + ROUND_COLUMNS + " from distribution_round where id = :value for update", roundId)
                .stream().findFirst();
    }

    public Optional<Round> byIdempotencyKey(String key) {
        return rounds("select " + ROUND_COLUMNS + " from distribution_round where idempotency_key = :value", key)
                .stream().findFirst();
    }

    /** The incident's rounds, newest first. */
    public List<Round> page(UUID incidentId, int offset, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("select " + ROUND_COLUMNS + """
                         from distribution_round where incident_id = :incident
                         order by number desc offset :offset limit :limit""")
                .setParameter("incident", incidentId)
                .setParameter("offset", offset)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(this::toRound).toList();
    }

    public long count(UUID incidentId) {
        return SqlValues.count(em().createNativeQuery(
                        "select count(*) from distribution_round where incident_id = :incident")
                .setParameter("incident", incidentId)
                .getSingleResult());
    }

    /** The incident's approved rounds, first round first (the public list of rounds). */
    public List<Round> approvedPage(UUID incidentId, int offset, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("select " + ROUND_COLUMNS + """
                         from distribution_round where incident_id = :incident and state = 'APPROVED'
                         order by number offset :offset limit :limit""")
                .setParameter("incident", incidentId)
                .setParameter("offset", offset)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(this::toRound).toList();
    }

    public long approvedCount(UUID incidentId) {
        return SqlValues.count(em().createNativeQuery(
                        "select count(*) from distribution_round where incident_id = :incident and state = 'APPROVED'")
                .setParameter("incident", incidentId)
                .getSingleResult());
    }

    /** Records the decision of a PROPOSED round; false when it was no longer PROPOSED. */
    public boolean decide(UUID roundId, RoundState state, Actor decidedBy, Instant decidedAt, String reason) {
        return em().createNativeQuery("""
                        update distribution_round set state = :state, decided_by = :by, decided_by_username = :byUsername,
                            decided_at = :at, decision_reason = :reason
                        where id = :id and state = 'PROPOSED'""")
                .setParameter("state", state.name())
                .setParameter("by", decidedBy.subjectId())
                .setParameter("byUsername", decidedBy.username())
                .setParameter("at", decidedAt)
                .setParameter("reason", reason)
                .setParameter("id", roundId)
                .executeUpdate() == 1;
    }

    private List<Round> rounds(String sql, Object value) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery(sql).setParameter("value", value).getResultList();
        return rows.stream().map(this::toRound).toList();
    }

    private Round toRound(Object[] row) {
        UUID id = SqlValues.uuid(row[0]);
        return new Round(id, SqlValues.uuid(row[1]), ((Number) row[2]).intValue(), RoundState.valueOf((String) row[3]),
                (String) row[4], (String) row[5], (String) row[6],
                Actor.withUsernameIfRecorded((String) row[7], (String) row[12]), SqlValues.instant(row[8]),
                Optional.ofNullable((String) row[9]).map(subjectId -> Actor.withUsernameIfRecorded(subjectId, (String) row[13])),
                Optional.ofNullable(row[10]).map(SqlValues::instant),
                Optional.ofNullable((String) row[11]), plans(id),
                Optional.ofNullable((byte[]) row[14]).map(root -> new EntitlementTree(root,
                        ((Number) row[15]).intValue(), ((Number) row[16]).longValue())));
    }

    private List<RoundAssetPlan> plans(UUID roundId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("""
                        select asset, distributable, outstanding, convenience_threshold, entitled, dust, lines,
                            lines_in_full, small_outstanding, withheld_unverified
                        from round_asset where round_id = :round order by position""")
                .setParameter("round", roundId)
                .getResultList();
        return rows.stream().map(row -> new RoundAssetPlan((String) row[0], amount(row[1]), amount(row[2]),
                Optional.ofNullable(row[3]).map(SqlValues::amount), Optional.ofNullable(row[8]).map(SqlValues::amount),
                amount(row[4]), amount(row[5]),
                SqlValues.count(row[6]), SqlValues.count(row[7]), amount(row[9]))).toList();
    }
}

package dev.restitution.claims.audit.persistence;

import dev.restitution.claims.claim.domain.ClaimAuditChain;
import dev.restitution.claims.claim.persistence.ClaimAuditLog;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The whole claims audit log for auditors: every chain (one per claim, or per late admission before its
 * claim exists) read page by page in the order it was written, and every chain recomputed.
 */
@ApplicationScoped
public class ClaimsAuditLog {

    /** Chains verified per database round trip; memory holds one such batch of entries at a time. */
    static final int CHAINS_PER_BATCH = 500;
    /** Breaks listed in a verification (every chain is still checked). */
    static final int MAX_BREAKS_LISTED = 100;

    public record Row(long id, ClaimAuditChain.Entry entry) {
    }

    /** Every chain checked; {@code brokenChains} counts them all, {@code breaks} lists the first ones. */
    public record Verification(long chains, long entries, long brokenChains, List<Break> breaks) {
        public boolean intact() {
            return brokenChains == 0;
        }
    }

    public record Break(UUID chainId, String detail) {
    }

    /** Up to {@code limit} entries with an id above {@code afterId}, by id. */
    public List<Row> page(long afterId, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                            select id, claim_id, sequence, at, actor, action, before_state, after_state, previous_hash, hash,
                                version, actor_subject_id
                            from claim_audit where id > :after order by id limit :limit""")
                    .setParameter("after", afterId)
                    .setParameter("limit", limit)
                    .getResultList();
            return rows.stream().map(row -> new Row(((Number) row[0]).longValue(), entry(row, 1))).toList();
        });
    }

    /** Recomputes every chain, a batch of chains per transaction. */
    public Verification verify() {
        long chains = 0;
        long entries = 0;
        long broken = 0;
        List<Break> breaks = new ArrayList<>();
        Optional<UUID> after = Optional.empty();
        while (true) {
            Map<UUID, List<ClaimAuditChain.Entry>> batch = nextChains(after);
            if (batch.isEmpty()) {
                return new Verification(chains, entries, broken, List.copyOf(breaks));
            }
            for (Map.Entry<UUID, List<ClaimAuditChain.Entry>> chain : batch.entrySet()) {
                chains++;
                entries += chain.getValue().size();
                Optional<String> firstBreak = ClaimAuditChain.firstBreak(chain.getValue());
                if (firstBreak.isPresent()) {
                    // Every broken chain counts; the listing is bounded, the verdict is not.
                    broken++;
                    if (breaks.size() < MAX_BREAKS_LISTED) {
                        breaks.add(new Break(chain.getKey(), firstBreak.get()));
                    }
                }
            }
            after = Optional.of(batch.keySet().stream().reduce((first, second) -> second).orElseThrow());
        }
    }

    private Map<UUID, List<ClaimAuditChain.Entry>> nextChains(Optional<UUID> after) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<UUID> chainIds = Panache.getEntityManager().createNativeQuery("""
                            select distinct claim_id from claim_audit where claim_id > :after order by claim_id limit :limit""",
                            UUID.class)
                    .setParameter("after", after.orElse(new UUID(0, 0)))
                    .setParameter("limit", CHAINS_PER_BATCH)
                    .getResultList();
            Map<UUID, List<ClaimAuditChain.Entry>> chains = new LinkedHashMap<>();
            if (chainIds.isEmpty()) {
                return chains;
            }
            chainIds.forEach(chainId -> chains.put(chainId, new ArrayList<>()));
            @SuppressWarnings("unchecked")
            List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                            select claim_id, sequence, at, actor, action, before_state, after_state, previous_hash, hash,
                                version, actor_subject_id
                            from claim_audit where claim_id in (:chains) order by claim_id, sequence""")
                    .setParameter("chains", chainIds)
                    .getResultList();
            rows.forEach(row -> chains.get((UUID) row[0]).add(entry(row, 0)));
            return chains;
        });
    }

    private static ClaimAuditChain.Entry entry(Object[] row, int from) {
        return new ClaimAuditChain.Entry((UUID) row[from], ((Number) row[from + 1]).intValue(),
                ((Number) row[from + 9]).intValue(), instant(row[from + 2]),
                ClaimAuditLog.actor((String) row[from + 10], (String) row[from + 3]), (String) row[from + 4],
                (String) row[from + 5], (String) row[from + 6], (String) row[from + 7], (String) row[from + 8]);
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

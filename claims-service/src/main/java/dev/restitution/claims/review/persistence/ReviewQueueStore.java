package dev.restitution.claims.review.persistence;

import dev.restitution.claims.claim.domain.ClaimStatus;
import dev.restitution.claims.claim.domain.ReviewRules;
import dev.restitution.kit.audit.Actor;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** The review queue read straight from the claim tables: filtered, oldest in queue first, paged. */
@ApplicationScoped
public class ReviewQueueStore {

    /** Who holds the claim: anyone, nobody, or one reviewer. */
    public sealed interface Holder {
        record Anyone() implements Holder {
        }

        record Nobody() implements Holder {
        }

        /** The caller: matched by subject id (by user name on claims assigned before subject ids were kept). */
        record Me(Actor me) implements Holder {
        }

        /** A reviewer named by their user name. */
        record Reviewer(String username) implements Holder {
        }
    }

    public record Filter(Optional<UUID> incidentId, Optional<String> asset, Set<ClaimStatus> statuses, Holder holder,
                         Optional<Integer> minAgeHours, Optional<Boolean> overdue, Optional<BigInteger> minClaimedAmount,
                         Optional<BigInteger> maxClaimedAmount) {
        public Filter {
            if (statuses.isEmpty() || !ClaimStatus.IN_REVIEW.containsAll(statuses)) {
                throw new IllegalArgumentException("queue statuses " + statuses + " are not review states");
            }
        }
    }

    public record DisputedLine(UUID lineId, String asset, int decimals, BigInteger snapshotAmount, BigInteger claimedAmount) {
    }

    public record Item(UUID claimId, UUID incidentId, String accountId, ClaimStatus status, Optional<Actor> assignee,
                       Instant queuedAt, long ageSeconds, boolean overdue, List<DisputedLine> disputedLines) {
    }

    public record Page(List<Item> items, long total) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Page page(Filter filter, int offset, int limit, Instant now, Duration sla) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        String where = where(filter, now, sla, parameters);
        Query count = Panache.getEntityManager().createNativeQuery("select count(*) from claim c where " + where);
        parameters.forEach(count::setParameter);
        long total = ((Number) count.getSingleResult()).longValue();
        Query select = Panache.getEntityManager().createNativeQuery("""
                select c.id, c.incident_id, c.account_id, c.status, c.assignee, c.queued_at, c.assignee_subject_id
                from claim c
                where %s order by c.queued_at, c.id limit :limit offset :offset""".formatted(where));
        parameters.forEach(select::setParameter);
        select.setParameter("limit", limit).setParameter("offset", offset);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = select.getResultList();
        Map<UUID, List<DisputedLine>> lines = disputedLines(rows.stream().map(row -> (UUID) row[0]).toList());
        List<Item> items = rows.stream().map(row -> {
            Instant queuedAt = instant(row[5]);
            return new Item((UUID) row[0], (UUID) row[1], (String) row[2], ClaimStatus.valueOf((String) row[3]),
                    Optional.ofNullable((String) row[4]).map(username -> Actor.withSubjectIfRecorded((String) row[6], username)),
                    queuedAt, Duration.between(queuedAt, now).toSeconds(),
                    ReviewRules.overdue(queuedAt, now, sla), lines.getOrDefault((UUID) row[0], List.of()));
        }).toList();
        return new Page(items, total);
    }

    private static String where(Filter filter, Instant now, Duration sla, Map<String, Object> parameters) {
        List<String> conditions = new ArrayList<>();
        conditions.add("c.status in (:statuses)");
        parameters.put("statuses", filter.statuses().stream().map(Enum::name).toList());
        filter.incidentId().ifPresent(incident -> {
            conditions.add("c.incident_id = :incident");
            parameters.put("incident", incident);
        });
        switch (filter.holder()) {
            case Holder.Anyone anyone -> { }
            case Holder.Nobody nobody -> conditions.add("c.assignee is null");
            case Holder.Me me -> {
                conditions.add("(c.assignee_subject_id = :assigneeSubject"
                        + " or c.assignee_subject_id is null and c.assignee = :assignee)");
                parameters.put("assigneeSubject", me.me().subjectId());
                parameters.put("assignee", me.me().username());
            }
            case Holder.Reviewer reviewer -> {
                conditions.add("c.assignee = :assignee");
                parameters.put("assignee", reviewer.username());
            }
        }
        filter.minAgeHours().ifPresent(hours -> {
            conditions.add("c.queued_at <= :queuedBefore");
            parameters.put("queuedBefore", now.minus(Duration.ofHours(hours)));
        });
        filter.overdue().ifPresent(overdue -> {
            conditions.add(overdue ? "c.queued_at < :slaStart" : "c.queued_at >= :slaStart");
            parameters.put("slaStart", now.minus(sla));
        });
        List<String> lineConditions = new ArrayList<>();
        filter.asset().ifPresent(asset -> {
            lineConditions.add("l.asset = :asset");
            parameters.put("asset", asset);
        });
        filter.minClaimedAmount().ifPresent(amount -> {
            lineConditions.add("l.claimed_amount >= :minClaimed");
            parameters.put("minClaimed", new BigDecimal(amount));
        });
        filter.maxClaimedAmount().ifPresent(amount -> {
            lineConditions.add("l.claimed_amount <= :maxClaimed");
            parameters.put("maxClaimed", new BigDecimal(amount));
        });
        if (!lineConditions.isEmpty()) {
            conditions.add("exists (select 1 from claim_line l where l.claim_id = c.id and l.status = 'DISPUTED' and "
                    + String.join(" and ", lineConditions) + ")");
        }
        return String.join(" and ", conditions);
    }

    private static Map<UUID, List<DisputedLine>> disputedLines(List<UUID> claimIds) {
        if (claimIds.isEmpty()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        select claim_id, id, asset, decimals, snapshot_amount, claimed_amount from claim_line
                        where claim_id in (:claims) and status = 'DISPUTED' order by claim_id, position""")
                .setParameter("claims", claimIds)
                .getResultList();
        return rows.stream().collect(Collectors.groupingBy(row -> (UUID) row[0], LinkedHashMap::new,
                Collectors.mapping(row -> new DisputedLine((UUID) row[1], (String) row[2], ((Number) row[3]).intValue(),
                        integer(row[4]), integer(row[5])), Collectors.toList())));
    }

    private static BigInteger integer(Object column) {
        return switch (column) {
            case BigDecimal decimal -> decimal.toBigIntegerExact();
            case BigInteger integer -> integer;
            default -> throw new IllegalStateException("unexpected numeric type " + column.getClass());
        };
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

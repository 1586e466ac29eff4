package dev.restitution.ledger.transparency.persistence;

import dev.restitution.kit.persistence.SqlValues;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/** The totals the public read models need beyond what other features already read; sums and names only. */
@ApplicationScoped
public class PublicFiguresStore {

    /** At most this many counterparties are listed per asset (an incident deals with a handful). */
    public static final int MAX_COUNTERPARTIES_PER_ASSET = 100;

    /** What one round entitled of one asset: the sum of its entitlements and how many there are. */
    public record RoundTotal(BigInteger total, long count) {
    }

    /**
     * The third parties the incident's recovery bookings name (freezes, releases, on-chain recoveries,
     * contributions), per asset symbol, sorted, each once.
     */
    public Map<String, List<String>> counterparties(UUID incidentId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        select asset, counterparty from (
                            select distinct asset, counterparty from ledger_transfer
                            where incident_id = :incident and counterparty is not null
                              and reason_code in ('FROZEN_BY_COUNTERPARTY', 'RELEASED_BY_COUNTERPARTY', 'FREEZE_LOST',
                                  'RECOVERED_ON_CHAIN', 'TREASURY_CONTRIBUTION', 'INSURANCE_CONTRIBUTION')) named
                        order by asset, counterparty""")
                .setParameter("incident", incidentId)
                .getResultList();
        Map<String, TreeSet<String>> byAsset = new TreeMap<>();
        for (Object[] row : rows) {
            TreeSet<String> names = byAsset.computeIfAbsent((String) row[0], asset -> new TreeSet<>());
            if (names.size() < MAX_COUNTERPARTIES_PER_ASSET) {
                names.add((String) row[1]);
            }
        }
        Map<String, List<String>> listed = new HashMap<>();
        byAsset.forEach((asset, names) -> listed.put(asset, List.copyOf(names)));
        return listed;
    }

    /** Per round and asset symbol, what the round entitled (not cumulative) and to how many entitlements. */
    public Map<UUID, Map<String, RoundTotal>> roundTotals(Collection<UUID> roundIds) {
        if (roundIds.isEmpty()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        select round_id, asset, sum(amount), count(*) from entitlement
                        where round_id in (:rounds) group by round_id, asset""")
                .setParameter("rounds", roundIds)
                .getResultList();
        Map<UUID, Map<String, RoundTotal>> totals = new HashMap<>();
        for (Object[] row : rows) {
            totals.computeIfAbsent(SqlValues.uuid(row[0]), round -> new TreeMap<>())
                    .put((String) row[1], new RoundTotal(SqlValues.amount(row[2]), SqlValues.count(row[3])));
        }
        return totals;
    }
}

package dev.restitution.claims.claim.persistence;

import dev.restitution.claims.claim.domain.ClaimStatus;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** How many claims are in each state: one grouped count, at most one row per state. */
@ApplicationScoped
public class ClaimCounts {

    /** Every state, those without a claim at 0. */
    public Map<ClaimStatus, Long> byStatus() {
        Map<ClaimStatus, Long> counts = new EnumMap<>(ClaimStatus.class);
        for (ClaimStatus status : ClaimStatus.values()) {
            counts.put(status, 0L);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager()
                .createNativeQuery("select status, count(*) from claim group by status")
                .getResultList();
        for (Object[] row : rows) {
            counts.put(ClaimStatus.valueOf((String) row[0]), ((Number) row[1]).longValue());
        }
        return counts;
    }
}

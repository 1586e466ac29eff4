package dev.restitution.ledger.reconciliation.persistence;

import dev.restitution.kit.persistence.SqlValues;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** The per-asset totals of an incident's sealed snapshot, as the snapshot import stored them. */
@ApplicationScoped
public class SnapshotTotals {

    /** Asset symbol to total; empty while no snapshot of the incident is sealed. */
    public Map<String, BigInteger> sealedTotals(UUID incidentId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        select total.asset, total.total from snapshot_asset_total total
                        join snapshot_import import on import.id = total.import_id
                        where import.incident_id = :incident and import.state = 'SEALED'""")
                .setParameter("incident", incidentId)
                .getResultList();
        Map<String, BigInteger> totals = new TreeMap<>();
        rows.forEach(row -> totals.put((String) row[0], SqlValues.amount(row[1])));
        return totals;
    }
}

package dev.restitution.ledger.reconciliation.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The incidents reconciliation still watches: those not closed, the most recently declared first. */
@ApplicationScoped
public class OpenIncidents {

    /** At most {@code limit} ids of incidents not closed, newest first. */
    public List<UUID> newest(int limit) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = Panache.getEntityManager().createNativeQuery("""
                select id from incident where state <> 'CLOSED' order by declared_at desc, id limit :limit""", UUID.class)
                .setParameter("limit", limit)
                .getResultList();
        return ids;
    }
}

package dev.restitution.kit.messaging;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * The idempotent consumer's memory: which event ids took effect. Called in the transaction of the
 * effect itself, so an event is either processed and recorded, or neither.
 */
@ApplicationScoped
public class ProcessedEvents {

    /** Records {@code eventId}; false when it was already recorded, i.e. this is a redelivery. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(UUID eventId, String eventType, Instant now) {
        int inserted = Panache.getEntityManager().createNativeQuery("""
                        insert into processed_event (event_id, event_type, processed_at) values (:id, :type, :at)
                        on conflict (event_id) do nothing""")
                .setParameter("id", eventId)
                .setParameter("type", eventType)
                .setParameter("at", now)
                .executeUpdate();
        return inserted == 1;
    }
}

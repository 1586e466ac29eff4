package dev.restitution.kit.messaging;

import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.tracing.TraceParent;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * The only way an event leaves a service: written in the caller's transaction, next to the state
 * change it announces (with the trace context current then), and published afterwards by {@link OutboxRelay}. If the transaction
 * rolls back, the event was never written; if it commits, the relay publishes it at least once.
 */
@ApplicationScoped
public class Outbox {

    private final EventCodec codec;

    public Outbox(EventCodec codec) {
        this.codec = codec;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, EventEnvelope event, Instant now) {
        OutboxEventEntity row = new OutboxEventEntity();
        row.id = UUID.fromString(event.id());
        row.topic = topic;
        row.messageKey = event.subject();
        row.eventType = event.type();
        row.payload = codec.encode(event);
        row.createdAt = now;
        row.traceParent = TraceParent.current().map(TraceParent::value).orElse(null);
        Panache.getEntityManager().persist(row);
    }
}

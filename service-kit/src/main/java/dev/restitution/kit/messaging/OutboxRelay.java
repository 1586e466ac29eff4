package dev.restitution.kit.messaging;

import dev.restitution.kit.events.EventEnvelope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to Kafka and marks them sent, oldest first.
 *
 * <p>Rows are locked with {@code FOR UPDATE SKIP LOCKED}, so several instances never publish the
 * same row at once. A batch is sent whole and then its acknowledgements are awaited together
 * ({@link OutboxSends}). A row is marked only after Kafka acknowledged it; a crash in between
 * publishes it again, which consumers absorb by recording event ids (at-least-once out,
 * exactly-once effect). A row that was not acknowledged stays, with the later rows of its key.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final MutinyEmitter<String> emitter;
    private final OutboxConfig config;

    public OutboxRelay(@Channel(OutboxConfig.CHANNEL) MutinyEmitter<String> emitter, OutboxConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    // Skipped until the application has started: the Kafka emitter is connected during start-up.
    @Scheduled(every = "${restitution.outbox.poll-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void relay() {
        try {
            int published;
            do {
                published = QuarkusTransaction.requiringNew().call(this::publishOneBatch);
            } while (published == config.batchSize());
        } catch (RuntimeException failure) {
            // Kafka or the database is unavailable: the rows stay unpublished and the next pass retries.
            LOG.warnf("outbox relay pass failed, will retry: %s", failure.getMessage());
        }
    }

    /** Publishes up to one batch in the current transaction; returns how many rows it published. */
    int publishOneBatch() {
        @SuppressWarnings("unchecked")
        List<OutboxEventEntity> batch = Panache.getEntityManager().createNativeQuery("""
                select * from outbox_event where published_at is null
                order by created_at, id limit :limit for update skip locked""", OutboxEventEntity.class)
                .setParameter("limit", config.batchSize())
                .getResultList();
        List<OutboxEventEntity> acknowledged = OutboxSends.acknowledged(batch,
                row -> emitter.sendMessage(toMessage(row)).subscribeAsCompletionStage(), config.sendTimeout());
        Instant now = Instant.now();
        acknowledged.forEach(row -> row.publishedAt = now);
        if (acknowledged.size() < batch.size()) {
            LOG.warnf("outbox relay: Kafka acknowledged %d of %d events; the rest stay for the next pass",
                    acknowledged.size(), batch.size());
        }
        return acknowledged.size();
    }

    private static Message<String> toMessage(OutboxEventEntity row) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", EventEnvelope.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return Message.of(row.payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic)
                .withKey(row.messageKey)
                .withHeaders(headers)
                .build());
    }
}

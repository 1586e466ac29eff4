package dev.restitution.kit.messaging;

import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.tracing.TraceParent;
import dev.restitution.kit.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
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
    /** The W3C Trace Context header consumers continue the trace from. */
    public static final String TRACEPARENT_HEADER = "traceparent";
    private static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> MESSAGING_OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> MESSAGING_DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> MESSAGING_MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<String> MESSAGING_KAFKA_KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    private static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("restitution.event_type");

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
                this::publish, config.sendTimeout());
        Instant now = Instant.now();
        acknowledged.forEach(row -> row.publishedAt = now);
        if (acknowledged.size() < batch.size()) {
            LOG.warnf("outbox relay: Kafka acknowledged %d of %d events; the rest stay for the next pass",
                    acknowledged.size(), batch.size());
        }
        return acknowledged.size();
    }

    /**
     * Sends one row; a row written inside a trace is sent in a PRODUCER span "<topic> publish" under the stored
     * context, which ends when Kafka acknowledges, and its {@code traceparent} header names that span, so the
     * consumer's span is its child. (The channel's own tracing is off: the relay sets the header itself.)
     */
    private CompletionStage<Void> publish(OutboxEventEntity row) {
        var traceParent = TraceParent.ofNullable(row.traceParent);
        if (traceParent.isEmpty()) {
            return emitter.sendMessage(toMessage(row, null)).subscribeAsCompletionStage();
        }
        Span span = Tracing.tracer().spanBuilder(row.topic + " publish")
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(traceParent.get().asParent())
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(MESSAGING_OPERATION, "publish")
                .setAttribute(MESSAGING_DESTINATION, row.topic)
                .setAttribute(MESSAGING_MESSAGE_ID, row.id.toString())
                .setAttribute(MESSAGING_KAFKA_KEY, row.messageKey)
                .setAttribute(EVENT_TYPE, row.eventType)
                .startSpan();
        try {
            String header = TraceParent.of(span.getSpanContext()).orElse(traceParent.get()).value();
            return emitter.sendMessage(toMessage(row, header)).subscribeAsCompletionStage()
                    .whenComplete((done, failure) -> {
                        if (failure != null) {
                            span.recordException(failure);
                            span.setStatus(StatusCode.ERROR);
                        }
                        span.end();
                    });
        } catch (RuntimeException refused) {
            span.recordException(refused);
            span.setStatus(StatusCode.ERROR);
            span.end();
            throw refused;
        }
    }

    private static Message<String> toMessage(OutboxEventEntity row, String traceParent) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", EventEnvelope.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        if (traceParent != null) {
            headers.add(TRACEPARENT_HEADER, traceParent.getBytes(StandardCharsets.US_ASCII));
        }
        return Message.of(row.payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic)
                .withKey(row.messageKey)
                .withHeaders(headers)
                .build());
    }
}

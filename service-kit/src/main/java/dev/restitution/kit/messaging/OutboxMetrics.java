package dev.restitution.kit.messaging;

import dev.restitution.kit.metrics.LabelledGauge;
import dev.restitution.kit.metrics.MetricsRefresh;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jboss.logging.Logger;

/**
 * The outbox's lag as gauges: {@code restitution_outbox_unpublished_events} (rows not yet acknowledged by Kafka,
 * counted up to {@value #COUNT_LIMIT}) and {@code restitution_outbox_oldest_unpublished_seconds} (age of the oldest
 * of them, 0 when none). Refreshed on {@link MetricsRefresh#EVERY} from the partial index the relay reads.
 */
@Startup
@ApplicationScoped
public class OutboxMetrics {

    /** The count stops here: beyond it the exact figure does not change what an operator does. */
    static final int COUNT_LIMIT = 1_000_000;

    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class);

    private final Clock clock;
    private final LabelledGauge unpublished;
    private final LabelledGauge oldestSeconds;

    public OutboxMetrics(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.unpublished = LabelledGauge.unlabelled(registry, "restitution.outbox.unpublished.events",
                "Outbox events not yet published to Kafka");
        this.oldestSeconds = LabelledGauge.unlabelled(registry, "restitution.outbox.oldest.unpublished.seconds",
                "Age in seconds of the oldest outbox event not yet published (0 when none)");
    }

    @Scheduled(every = MetricsRefresh.EVERY, concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        try {
            QuarkusTransaction.requiringNew().run(this::read);
        } catch (RuntimeException failure) {
            // The database is unavailable: the gauges keep their last values and the next pass retries.
            LOG.warnf("outbox metrics not refreshed: %s", failure.getMessage());
        }
    }

    private void read() {
        Object[] row = (Object[]) Panache.getEntityManager().createNativeQuery("""
                select (select count(*) from (select 1 from outbox_event where published_at is null limit :limit) o),
                       (select min(created_at) from outbox_event where published_at is null)""")
                .setParameter("limit", COUNT_LIMIT)
                .getSingleResult();
        unpublished.set(((Number) row[0]).doubleValue());
        oldestSeconds.set(row[1] == null ? 0.0 : ageSeconds(toInstant(row[1])));
    }

    private double ageSeconds(Instant since) {
        return Math.max(0.0, Duration.between(since, clock.instant()).toMillis() / 1000.0);
    }

    private static Instant toInstant(Object value) {
        return switch (value) {
            case Instant instant -> instant;
            case Timestamp timestamp -> timestamp.toInstant();
            case OffsetDateTime offset -> offset.toInstant();
            default -> throw new IllegalStateException("unexpected timestamp type " + value.getClass());
        };
    }
}

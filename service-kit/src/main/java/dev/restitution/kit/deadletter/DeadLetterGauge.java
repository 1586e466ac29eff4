package dev.restitution.kit.deadletter;

import dev.restitution.kit.deadletter.persistence.DeadLetterReplayStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * {@code restitution_dead_letters_parked{channel}}: the records on each channel's dead-letter topic not yet replayed.
 * Refreshed by a scheduled pass from the topics' offsets (a dead-letter topic is written without transactions, so
 * its records are its offsets from beginning to end) less the replays recorded in that range: one offset request
 * per pass and one count per partition, never a query per scrape. A pass that cannot reach Kafka keeps the last value.
 * Created at start-up, so every channel's series exists from the first scrape and a channel without a handler stops
 * the start ({@link DeadLetterChannels}).
 */
@Startup
@ApplicationScoped
public class DeadLetterGauge {

    public static final String NAME = "restitution.dead.letters.parked";

    private static final Logger LOG = Logger.getLogger(DeadLetterGauge.class);

    private final DeadLetterChannels channels;
    private final ParkedRecords records;
    private final DeadLetterReplayStore replays;
    private final Map<String, AtomicLong> parkedByChannel = new TreeMap<>();

    public DeadLetterGauge(DeadLetterChannels channels, ParkedRecords records, DeadLetterReplayStore replays,
                           MeterRegistry registry) {
        this.channels = channels;
        this.records = records;
        this.replays = replays;
        for (DeadLetterChannels.Channel channel : channels.all()) {
            AtomicLong parked = new AtomicLong();
            parkedByChannel.put(channel.name(), parked);
            Gauge.builder(NAME, parked, AtomicLong::get)
                    .description("Records on the channel's dead-letter topic not yet replayed")
                    .tag("channel", channel.name())
                    .register(registry);
        }
    }

    @Scheduled(every = "${restitution.dead-letters.gauge-interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        try {
            List<ParkedRecords.Span> spans = records.spans(channels.all());
            Map<String, Long> parked = QuarkusTransaction.requiringNew().call(() -> count(spans));
            parkedByChannel.forEach((channel, gauge) -> gauge.set(parked.getOrDefault(channel, 0L)));
        } catch (RuntimeException failure) {
            LOG.warnf("dead-letter gauge not refreshed, will retry: %s", failure.getMessage());
        }
    }

    private Map<String, Long> count(List<ParkedRecords.Span> spans) {
        Map<String, Long> parked = new TreeMap<>();
        for (ParkedRecords.Span span : spans) {
            String channel = channels.ofTopic(span.partition().topic()).orElseThrow().name();
            long notReplayed = span.end() - span.beginning() - replays.countInRange(span.partition().topic(),
                    span.partition().partition(), span.beginning(), span.end());
            parked.merge(channel, notReplayed, Long::sum);
        }
        return parked;
    }
}

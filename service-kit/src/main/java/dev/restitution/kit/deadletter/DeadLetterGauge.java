package dev.restitution.kit.deadletter;

import dev.restitution.kit.deadletter.persistence.DeadLetterReplayStore;
import dev.restitution.kit.metrics.LabelledGauge;
import dev.restitution.kit.metrics.MetricsRefresh;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * {@code restitution_dead_letters_parked{channel}}: the records on each channel's dead-letter topic not yet replayed.
 * Refreshed with the other business gauges ({@link MetricsRefresh}) by a pass from the topics' offsets (a dead-letter topic is written without transactions, so
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
    private final LabelledGauge parked;

    public DeadLetterGauge(DeadLetterChannels channels, ParkedRecords records, DeadLetterReplayStore replays,
                           MeterRegistry registry) {
        this.channels = channels;
        this.records = records;
        this.replays = replays;
        this.parked = new LabelledGauge(registry, NAME, "Records on the channel's dead-letter topic not yet replayed",
                List.of("channel"));
        parked.replaceAll(perChannel(Map.of()));
    }

    @Scheduled(every = MetricsRefresh.EVERY, concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        try {
            List<ParkedRecords.Span> spans = records.spans(channels.all());
            Map<String, Long> counted = QuarkusTransaction.requiringNew().call(() -> count(spans));
            parked.replaceAll(perChannel(counted));
        } catch (RuntimeException failure) {
            LOG.warnf("dead-letter gauge not refreshed, will retry: %s", failure.getMessage());
        }
    }

    /** One series per channel, 0 where nothing was counted: every channel's series exists from the first scrape. */
    private Map<List<String>, Double> perChannel(Map<String, Long> counted) {
        Map<List<String>, Double> series = new LinkedHashMap<>();
        for (DeadLetterChannels.Channel channel : channels.all()) {
            series.put(List.of(channel.name()), (double) counted.getOrDefault(channel.name(), 0L));
        }
        return series;
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

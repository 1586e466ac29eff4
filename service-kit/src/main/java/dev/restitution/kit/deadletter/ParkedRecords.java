package dev.restitution.kit.deadletter;

import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the service's dead-letter topics with a plain Kafka consumer of its own: partitions assigned and sought,
 * never subscribed, no consumer group and no committed offsets, so it never takes records from the application's
 * consumers. Every read is bounded (records per call, one deadline); a broker that does not answer in time is a 503.
 */
@ApplicationScoped
public class ParkedRecords {

    /** How long one listing, lookup or depth count may wait for the broker. */
    static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(200);

    /** A partition of a dead-letter topic and the offsets its records span: [beginning, end). */
    public record Span(TopicPartition partition, long beginning, long end) {
    }

    private final DeadLetterChannels channels;
    private final String bootstrapServers;
    private final String applicationName;

    public ParkedRecords(DeadLetterChannels channels,
                         @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                         @ConfigProperty(name = "quarkus.application.name", defaultValue = "service") String applicationName) {
        this.channels = channels;
        this.bootstrapServers = bootstrapServers;
        this.applicationName = applicationName;
    }

    /** Every partition of the given channels' dead-letter topics that exists, in listing order, with its offsets. */
    public List<Span> spans(Collection<DeadLetterChannels.Channel> of) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            return spans(consumer, of);
        }
    }

    /**
     * Up to {@code limit} records of the given channels after {@code after} (all when empty), in the order topic,
     * partition, offset.
     */
    public List<ParkedRecord> page(Collection<DeadLetterChannels.Channel> of, Optional<DeadLetterId> after, int limit) {
        List<ParkedRecord> page = new ArrayList<>();
        Instant deadline = Instant.now().plus(DEADLINE);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            for (Span span : spans(consumer, of)) {
                if (page.size() == limit) {
                    break;
                }
                long from = after.map(cursor -> startAfter(cursor, span)).orElse(span.beginning());
                page.addAll(read(consumer, span, Math.max(from, span.beginning()), limit - page.size(), deadline));
            }
        }
        return page;
    }

    /** The record {@code id} names, if its topic is one of this service's and the record is (still) there. */
    public Optional<ParkedRecord> find(DeadLetterId id) {
        Optional<DeadLetterChannels.Channel> channel = channels.ofTopic(id.topic());
        if (channel.isEmpty()) {
            return Optional.empty();
        }
        try (KafkaConsumer<String, String> consumer = consumer()) {
            return spans(consumer, List.of(channel.get())).stream()
                    .filter(span -> span.partition().partition() == id.partition())
                    .filter(span -> id.offset() >= span.beginning() && id.offset() < span.end())
                    .findFirst()
                    .flatMap(span -> read(consumer, span, id.offset(), 1, Instant.now().plus(DEADLINE)).stream()
                            .filter(record -> record.id().equals(id)).findFirst());
        }
    }

    /** Where a listing after {@code cursor} starts in {@code span}: past its end when the span comes before it. */
    private static long startAfter(DeadLetterId cursor, Span span) {
        DeadLetterId first = new DeadLetterId(span.partition().topic(), span.partition().partition(), span.beginning());
        if (first.isAfter(cursor)) {
            return span.beginning();
        }
        boolean samePartition = cursor.topic().equals(span.partition().topic())
                && cursor.partition() == span.partition().partition();
        return samePartition ? cursor.offset() + 1 : span.end();
    }

    private List<Span> spans(KafkaConsumer<String, String> consumer, Collection<DeadLetterChannels.Channel> of) {
        Map<String, List<PartitionInfo>> topics = timed(() -> consumer.listTopics(DEADLINE));
        List<TopicPartition> partitions = of.stream()
                .flatMap(channel -> topics.getOrDefault(channel.topic(), List.of()).stream())
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition))
                .toList();
        if (partitions.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, Long> beginnings = timed(() -> consumer.beginningOffsets(partitions, DEADLINE));
        Map<TopicPartition, Long> ends = timed(() -> consumer.endOffsets(partitions, DEADLINE));
        return partitions.stream().map(partition -> new Span(partition, beginnings.get(partition), ends.get(partition)))
                .toList();
    }

    private List<ParkedRecord> read(KafkaConsumer<String, String> consumer, Span span, long from, int most,
                                    Instant deadline) {
        List<ParkedRecord> records = new ArrayList<>();
        if (from >= span.end() || most <= 0) {
            return records;
        }
        String channel = channels.ofTopic(span.partition().topic()).orElseThrow().name();
        consumer.assign(List.of(span.partition()));
        consumer.seek(span.partition(), from);
        while (records.size() < most && consumer.position(span.partition(), DEADLINE) < span.end()) {
            if (Instant.now().isAfter(deadline)) {
                throw unavailable();
            }
            for (ConsumerRecord<String, String> record : timed(() -> consumer.poll(POLL))) {
                if (record.offset() >= span.end() || records.size() == most) {
                    return records;
                }
                records.add(toParked(channel, record));
            }
        }
        return records;
    }

    private static ParkedRecord toParked(String channel, ConsumerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? "" : text(header.value()));
        }
        return new ParkedRecord(new DeadLetterId(record.topic(), record.partition(), record.offset()), channel,
                record.value() == null ? "" : record.value(), headers, Instant.ofEpochMilli(record.timestamp()));
    }

    /** A header value as UTF-8 text, or as {@code base64:<bytes>} when it is not text. */
    private static String text(byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException notText) {
            return "base64:" + Base64.getEncoder().encodeToString(value);
        }
    }

    private KafkaConsumer<String, String> consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, applicationName + "-dead-letters");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(DEADLINE.toMillis()));
        properties.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(DEADLINE.toMillis()));
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    private static <T> T timed(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (org.apache.kafka.common.errors.TimeoutException timeout) {
            throw unavailable();
        }
    }

    private static ProblemException unavailable() {
        return new ProblemException(ProblemDetails.of("dead-letters-unavailable", "Dead-letter topics unavailable", 503,
                "Kafka did not answer within " + DEADLINE.toSeconds() + " s; nothing was read or written. Try again."));
    }
}

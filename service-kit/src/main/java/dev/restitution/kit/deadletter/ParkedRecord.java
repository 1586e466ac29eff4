package dev.restitution.kit.deadletter;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One record on a dead-letter topic as SmallRye's dead-letter strategy wrote it: the original value, every header
 * (as text), why it was parked ({@code dead-letter-reason}, {@code dead-letter-cause}) and where it came from
 * ({@code dead-letter-topic}, {@code -partition}, {@code -offset}); parked at the record's timestamp.
 */
public record ParkedRecord(DeadLetterId id, String channel, String value, Map<String, String> headers,
                           Instant parkedAt) {

    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String ORIGINAL_TOPIC = "dead-letter-topic";
    public static final String ORIGINAL_PARTITION = "dead-letter-partition";
    public static final String ORIGINAL_OFFSET = "dead-letter-offset";

    public ParkedRecord {
        headers = Map.copyOf(headers);
    }

    public Optional<String> reason() {
        return Optional.ofNullable(headers.get(REASON));
    }

    public Optional<String> cause() {
        return Optional.ofNullable(headers.get(CAUSE));
    }

    public Optional<String> originalTopic() {
        return Optional.ofNullable(headers.get(ORIGINAL_TOPIC));
    }

    public Optional<Integer> originalPartition() {
        return number(ORIGINAL_PARTITION).map(Long::intValue);
    }

    public Optional<Long> originalOffset() {
        return number(ORIGINAL_OFFSET);
    }

    private Optional<Long> number(String header) {
        String text = headers.get(header);
        if (text == null || !text.matches("\\d{1,18}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }
}

package dev.restitution.kit.deadletter;

import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names one parked record: its dead-letter topic, partition and offset, written {@code <topic>:<partition>:<offset>}
 * (Kafka topic names hold only letters, digits, dots, underscores and hyphens, so the form is safe in a URL path).
 */
public record DeadLetterId(String topic, int partition, long offset) {

    /** Longest topic this names; the id stays within an audit subject id (200 characters). */
    public static final int MAX_TOPIC_LENGTH = 160;

    private static final Pattern FORM = Pattern.compile("([a-zA-Z0-9._-]{1," + MAX_TOPIC_LENGTH + "}):(\\d{1,9}):(\\d{1,18})");

    public DeadLetterId {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("a partition and an offset are not negative");
        }
    }

    /** Reads {@code <topic>:<partition>:<offset>}; a 400 naming {@code field} for anything else. */
    public static DeadLetterId parse(String text, String field) {
        Matcher matcher = text == null ? null : FORM.matcher(text);
        if (matcher == null || !matcher.matches()) {
            throw ProblemException.invalid(List.of(new FieldViolation(field,
                    "must be <dead-letter topic>:<partition>:<offset>, as the list of dead letters names it")));
        }
        return new DeadLetterId(matcher.group(1), Integer.parseInt(matcher.group(2)), Long.parseLong(matcher.group(3)));
    }

    /** True when this record comes after {@code other} in the order of a listing (topic, partition, offset). */
    boolean isAfter(DeadLetterId other) {
        int byTopic = topic.compareTo(other.topic);
        if (byTopic != 0) {
            return byTopic > 0;
        }
        return partition != other.partition ? partition > other.partition : offset > other.offset;
    }

    @Override
    public String toString() {
        return topic + ":" + partition + ":" + offset;
    }
}

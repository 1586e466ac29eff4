package dev.restitution.kit.deadletter;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The service's channels that park what they cannot process ({@code failure-strategy=dead-letter-queue}), each with
 * its dead-letter topic (read from the channel's configuration) and its handler ({@link DeadLetterHandlers}). A
 * parking channel without a handler stops the start: its parked records could never be replayed.
 */
@ApplicationScoped
public class DeadLetterChannels {

    private static final Pattern TOPIC_KEY = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.dead-letter-queue\\.topic");

    /** A parking channel: its name, its dead-letter topic and the handler its consumer registered. */
    public record Channel(String name, String topic, Consumer<String> handler) {
    }

    private final Map<String, Channel> byTopic;

    public DeadLetterChannels(Config config, Instance<DeadLetterHandlers> consumers) {
        Map<String, Consumer<String>> handlers = new TreeMap<>();
        for (DeadLetterHandlers consumer : consumers) {
            handlers.putAll(consumer.deadLetterHandlers());
        }
        Map<String, Channel> channels = new TreeMap<>();
        for (String key : config.getPropertyNames()) {
            Matcher matcher = TOPIC_KEY.matcher(key);
            if (!matcher.matches()) {
                continue;
            }
            String channel = matcher.group(1);
            if (!"dead-letter-queue".equals(config.getOptionalValue("mp.messaging.incoming." + channel + ".failure-strategy",
                    String.class).orElse(""))) {
                continue;
            }
            String topic = config.getValue(key, String.class);
            Consumer<String> handler = handlers.get(channel);
            if (handler == null) {
                throw new IllegalStateException("channel " + channel + " parks records on " + topic
                        + " but no DeadLetterHandlers bean registers its handler, so they could never be replayed");
            }
            if (topic.length() > DeadLetterId.MAX_TOPIC_LENGTH) {
                throw new IllegalStateException("dead-letter topic " + topic + " is longer than "
                        + DeadLetterId.MAX_TOPIC_LENGTH + " characters");
            }
            channels.put(topic, new Channel(channel, topic, handler));
        }
        this.byTopic = Collections.unmodifiableMap(channels);
    }

    /** Every parking channel, in the order of their dead-letter topics. */
    public List<Channel> all() {
        return List.copyOf(byTopic.values());
    }

    public Optional<Channel> ofTopic(String topic) {
        return Optional.ofNullable(byTopic.get(topic));
    }

    public Optional<Channel> named(String channel) {
        return byTopic.values().stream().filter(candidate -> candidate.name().equals(channel)).findFirst();
    }
}

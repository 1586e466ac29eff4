package dev.restitution.kit.deadletter;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Implemented by a service's Kafka consumer bean: for each of its channels, the code its {@code @Incoming} method
 * runs on a record's value. A parked record is replayed through this same code, so a replay has exactly the effect a
 * delivery would have (and the consumer's processed-event record absorbs one already applied). The handler is
 * called directly, without the interceptors of the {@code @Incoming} method (no retry), inside the replay's
 * transaction.
 */
public interface DeadLetterHandlers {

    /** Handler by channel name ({@code mp.messaging.incoming.<channel>}). */
    Map<String, Consumer<String>> deadLetterHandlers();
}

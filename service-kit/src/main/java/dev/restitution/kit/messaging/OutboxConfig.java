package dev.restitution.kit.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The outbox relay's settings, the same in every service. Each service also configures the Kafka
 * connector of the {@value #CHANNEL} channel; every outbox row names its own topic.
 */
@ConfigMapping(prefix = "restitution.outbox")
public interface OutboxConfig {

    /** The outgoing channel the relay publishes on. */
    String CHANNEL = "outbox";

    /** How often the relay looks for unpublished events (the scheduler's interval; 1 s is its finest). */
    @WithDefault("1s")
    Duration pollInterval();

    /** Events published per relay pass, so one pass holds its row locks briefly. */
    @WithDefault("100")
    int batchSize();

    /** How long the relay waits for Kafka to acknowledge a batch of events; what is unacknowledged then stays for the next pass. */
    @WithDefault("10s")
    Duration sendTimeout();
}

package dev.restitution.ledger.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every setting of ledger-service, bounded and with its unit in the name or type. */
@ConfigMapping(prefix = "restitution.ledger")
public interface LedgerConfig {

    Outbox outbox();

    interface Outbox {
        /** How often the relay looks for unpublished events (the scheduler's interval; 1 s is its finest). */
        @WithDefault("1s")
        Duration pollInterval();

        /** Events published per relay pass, so one pass holds its row locks briefly. */
        @WithDefault("100")
        int batchSize();

        /** How long the relay waits for Kafka to acknowledge one event before giving up the pass. */
        @WithDefault("10s")
        Duration sendTimeout();
    }
}

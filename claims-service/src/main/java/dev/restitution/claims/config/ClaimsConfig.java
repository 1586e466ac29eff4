package dev.restitution.claims.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** claims-service's settings (prefix restitution.claims), with the limits they bound. */
@ConfigMapping(prefix = "restitution.claims")
public interface ClaimsConfig {

    Outbox outbox();

    AddressProof addressProof();

    interface Outbox {
        /** How often the relay looks for unpublished rows, e.g. 1s. */
        String pollInterval();

        /** Rows published per relay transaction. */
        @WithDefault("100")
        int batchSize();

        /** How long one send may wait for Kafka's acknowledgement. */
        @WithDefault("10s")
        Duration sendTimeout();
    }

    interface AddressProof {
        /** How far in the future a proof's expiry may lie: a signature is not a standing authorisation. */
        @WithDefault("1h")
        Duration maxValidity();
    }
}

package dev.restitution.claims.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/** claims-service's settings (prefix restitution.claims), with the limits they bound. */
@ConfigMapping(prefix = "restitution.claims")
public interface ClaimsConfig {

    AddressProof addressProof();

    Review review();

    Evidence evidence();

    interface AddressProof {
        /** How far in the future a proof's expiry may lie: a signature is not a standing authorisation. */
        @WithDefault("1h")
        Duration maxValidity();
    }

    interface Review {
        /** How long a disputed claim may wait in the queue before it is flagged overdue. */
        @WithDefault("72h")
        Duration sla();

        /**
         * Per asset symbol, the approved amount of a disputed line (smallest units) above which the
         * decision needs a support-lead's second approval. An asset not listed always needs it.
         */
        Map<String, BigInteger> fourEyesAbove();
    }

    interface Evidence {
        /** Largest evidence file accepted, in bytes. */
        @WithDefault("5242880")
        int maxBytes();

        /** Most evidence files one claim holds. */
        @WithDefault("20")
        int maxFilesPerClaim();
    }
}

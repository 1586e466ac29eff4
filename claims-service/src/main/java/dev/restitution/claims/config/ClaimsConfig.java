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

    Notifications notifications();

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

    /** Mails to claimants (docs/operations.md, "Notifications"). */
    interface Notifications {
        /** The sender address of every mail. */
        @WithDefault("Restitution <notifications@restitution.example>")
        String from();

        /** The right-hand side of every Message-ID, a domain the operator controls. */
        @WithDefault("notifications.restitution.example")
        String messageIdDomain();

        /** Mails sent per second at most (the SMTP relay's and the recipients' providers' limits). */
        @WithDefault("20")
        int maxPerSecond();

        /** How often the sender looks for due mails. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Failed attempts before a mail is parked (kept and visible, never dropped). */
        @WithDefault("10")
        int maxAttempts();

        /** The delay after a first failed attempt; it doubles with every further one, up to retryMax. */
        @WithDefault("5s")
        Duration retryInitial();

        @WithDefault("30m")
        Duration retryMax();

        /** How long a taken mail is held for its sender before another may take it (a sender that died). */
        @WithDefault("2m")
        Duration lease();

        /** The HMAC key of unsubscribe links; at least 32 characters, a secret in production. */
        String unsubscribeSecret();

        /** How long before the bar date a claimant whose claim is still a draft is reminded (once per claim). */
        @WithDefault("72h")
        Duration barDateReminderBefore();

        /** How often draft claims nearing their bar date are looked for. */
        @WithDefault("1m")
        Duration reminderInterval();

        /** Where claimants sign in, named in every mail. */
        @WithDefault("http://127.0.0.1:8080")
        String portalUrl();

        /** Where claims-service's unsubscribe endpoint is reached from the internet (its public base URL). */
        @WithDefault("http://127.0.0.1:8082")
        String publicUrl();
    }
}

package dev.restitution.claims.notification;

import dev.restitution.claims.config.ClaimsConfig;
import dev.restitution.claims.notification.domain.Backoff;
import dev.restitution.claims.notification.domain.Languages;
import dev.restitution.claims.notification.domain.MessageIds;
import dev.restitution.claims.notification.domain.UnsubscribeTokens;
import dev.restitution.claims.notification.keycloak.Recipients;
import dev.restitution.claims.notification.persistence.NotificationStore;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Sends queued mails, outside any business transaction, at most {@code max-per-second} a second. Each mail is taken
 * with a lease, sent over SMTP with its stable Message-ID, then marked sent; a failure (SMTP or Keycloak down) is
 * tried again after a doubling delay, and parked after {@code max-attempts}, never dropped. A sender that dies between
 * the SMTP server's accept and the mark re-sends after the lease, with the same Message-ID.
 */
@ApplicationScoped
public class NotificationSender {

    private static final Logger LOG = Logger.getLogger(NotificationSender.class);

    private final NotificationStore store;
    private final MailComposer composer;
    private final Recipients recipients;
    private final Mailer mailer;
    private final ClaimsConfig.Notifications config;
    private final UnsubscribeTokens unsubscribeTokens;
    private final Backoff backoff;
    private final Clock clock;

    public NotificationSender(NotificationStore store, MailComposer composer, Recipients recipients, Mailer mailer,
                              ClaimsConfig config, Clock clock) {
        this.store = store;
        this.composer = composer;
        this.recipients = recipients;
        this.mailer = mailer;
        this.config = config.notifications();
        this.unsubscribeTokens = new UnsubscribeTokens(this.config.unsubscribeSecret());
        this.backoff = new Backoff(this.config.retryInitial(), this.config.retryMax(), this.config.maxAttempts());
        this.clock = clock;
    }

    @Scheduled(every = "${restitution.claims.notifications.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sendDue() {
        sendDue(batchSize());
    }

    /**
     * Sends at most {@code limit} due mails; returns how many were taken. Callable from any thread (the scheduler's, a
     * worker's): the preferences are read outside a transaction, in a request context of its own.
     */
    @ActivateRequestContext
    public int sendDue(int limit) {
        Instant now = clock.instant();
        List<NotificationStore.Queued> due = store.take(limit, now, now.plus(config.lease()));
        due.forEach(this::send);
        return due.size();
    }

    /** Mails per run: the rate times the interval, at least one. */
    int batchSize() {
        long perRun = config.maxPerSecond() * Math.max(1, config.pollInterval().toMillis()) / 1000;
        return (int) Math.max(1, Math.min(perRun, 10_000));
    }

    private void send(NotificationStore.Queued queued) {
        try {
            Optional<NotificationStore.Preferences> preferences = store.preferences(queued.accountId());
            if (!queued.kind().essential() && switchedOff(queued, preferences)) {
                store.markSkipped(queued.id(), "the claimant switched this reminder off", clock.instant());
                return;
            }
            Optional<Recipients.Recipient> recipient = recipient(queued);
            if (recipient.isEmpty()) {
                store.markSkipped(queued.id(), "no verified mail address for the account", clock.instant());
                return;
            }
            String language = Languages.of(preferences.flatMap(NotificationStore.Preferences::language),
                    recipient.get().locale());
            Optional<String> unsubscribeUrl = queued.kind().essential() ? Optional.empty()
                    : Optional.of(config.publicUrl() + "/notifications/unsubscribe?token="
                            + unsubscribeTokens.tokenFor(queued.accountId()));
            MailComposer.Composed composed = composer.compose(queued.kind(), queued.parameters(), language,
                    config.portalUrl(), unsubscribeUrl);
            Mail mail = Mail.withText(recipient.get().email(), composed.subject(), composed.text())
                    .setHtml(composed.html())
                    .setFrom(config.from())
                    .addHeader("Message-ID", MessageIds.of(queued.eventId(), queued.accountId(), config.messageIdDomain()))
                    .addHeader("Content-Language", language);
            unsubscribeUrl.ifPresent(url -> mail.addHeader("List-Unsubscribe", "<" + url + ">")
                    .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
            mailer.send(mail);
            store.markSent(queued.id(), recipient.get().email(), language, clock.instant());
        } catch (RuntimeException e) {
            failed(queued, e);
        }
    }

    private static boolean switchedOff(NotificationStore.Queued queued, Optional<NotificationStore.Preferences> preferences) {
        return preferences.map(chosen -> switch (queued.kind()) {
            case CLAIMS_OPEN -> !chosen.claimsOpen();
            case BAR_DATE_REMINDER -> !chosen.barDateReminder();
            default -> false;
        }).orElse(false);
    }

    /** A campaign row carries the address it was queued for; every other row asks Keycloak now. */
    private Optional<Recipients.Recipient> recipient(NotificationStore.Queued queued) {
        Object email = queued.parameters().get("email");
        if (email != null) {
            return Optional.of(new Recipients.Recipient(email.toString(),
                    Optional.ofNullable(queued.parameters().get("locale")).map(Object::toString)));
        }
        return recipients.of(queued.accountId());
    }

    private void failed(NotificationStore.Queued queued, RuntimeException cause) {
        int attempts = queued.attempts() + 1;
        boolean park = backoff.parks(attempts);
        String error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        store.markFailed(queued.id(), attempts, clock.instant().plus(backoff.delayAfter(attempts)), park, error);
        if (park) {
            LOG.errorf("mail %s (%s to account %s) parked after %d attempts: %s", queued.id(), queued.kind(),
                    queued.accountId(), attempts, error);
        } else {
            LOG.warnf("mail %s (%s) failed, attempt %d, tried again later: %s", queued.id(), queued.kind(), attempts, error);
        }
    }
}

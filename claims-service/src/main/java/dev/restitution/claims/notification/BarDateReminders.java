package dev.restitution.claims.notification;

import dev.restitution.claims.config.ClaimsConfig;
import dev.restitution.claims.notification.persistence.NotificationStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Reminds claimants whose claim is still a draft that claims close soon: once per claim, {@code bar-date-reminder-before}
 * ahead of the incident's claims deadline (a reminder: the claimant may switch it off). Queued in bounded steps; the
 * sender sends them like every other mail.
 */
@ApplicationScoped
public class BarDateReminders {

    static final int PER_STEP = 1_000;
    static final int STEPS_PER_RUN = 10;

    private final NotificationStore store;
    private final Duration before;
    private final Clock clock;

    public BarDateReminders(NotificationStore store, ClaimsConfig config, Clock clock) {
        this.store = store;
        this.before = config.notifications().barDateReminderBefore();
        this.clock = clock;
    }

    @Scheduled(every = "${restitution.claims.notifications.reminder-interval:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void queueDue() {
        for (int step = 0; step < STEPS_PER_RUN; step++) {
            Instant now = clock.instant();
            if (store.queueBarDateReminders(now, now.plus(before), PER_STEP) < PER_STEP) {
                return;
            }
        }
    }
}

package dev.restitution.payout.execution;

import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.rail.PaymentRail;
import dev.restitution.payout.rail.PaymentRails;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/** Drives every rail's open payment orders on a fixed interval; one run at a time, and never before the application runs. */
@ApplicationScoped
public class ExecutionWorker {

    static final String OFF = "off";
    private static final Duration MINIMUM_INTERVAL = Duration.ofSeconds(1);

    private final PaymentRails rails;
    private final String interval;

    public ExecutionWorker(PaymentRails rails, PayoutConfig config) {
        this.rails = rails;
        this.interval = config.execution().workerInterval();
    }

    /** A misconfigured interval stops the start: polling the chain many times a second helps nobody. */
    void checkInterval(@Observes StartupEvent started) {
        if (OFF.equals(interval)) {
            return;
        }
        Duration every = Duration.parse("PT" + interval.toUpperCase(java.util.Locale.ROOT));
        if (every.compareTo(MINIMUM_INTERVAL) < 0) {
            throw new IllegalStateException("restitution.execution.worker-interval must be at least 1s or off, not " + interval);
        }
    }

    @Scheduled(identity = "payment-execution", every = "${restitution.execution.worker-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        rails.all().forEach(PaymentRail::executeOpen);
    }
}

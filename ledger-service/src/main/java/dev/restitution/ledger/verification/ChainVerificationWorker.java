package dev.restitution.ledger.verification;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Asks payout-service about due verifications (at most one pass's worth) every restitution.ledger.chain-verification.interval. */
@ApplicationScoped
public class ChainVerificationWorker {

    private static final Logger LOG = Logger.getLogger(ChainVerificationWorker.class);

    private final ChainVerifications verifications;

    public ChainVerificationWorker(ChainVerifications verifications) {
        this.verifications = verifications;
    }

    @Scheduled(every = "${restitution.ledger.chain-verification.interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        try {
            verifications.askDue();
        } catch (RuntimeException failure) {
            // The database is unavailable: leased rows become due again when their lease ends.
            LOG.warnf("chain verification pass failed, will retry: %s", failure.getMessage());
        }
    }
}

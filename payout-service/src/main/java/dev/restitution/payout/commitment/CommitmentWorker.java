package dev.restitution.payout.commitment;

import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.engine.EvmChains;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Checks the commitment settings at start, and on the execution worker's interval gives each OPEN commitment without a
 * live attempt a new one (the transaction engine, driven by the execution worker, signs and follows it).
 */
@ApplicationScoped
public class CommitmentWorker {

    private static final Logger LOG = Logger.getLogger(CommitmentWorker.class);

    private final Commitments commitments;
    private final PayoutConfig config;
    private final EvmChains chains;

    public CommitmentWorker(Commitments commitments, PayoutConfig config, EvmChains chains) {
        this.commitments = commitments;
        this.config = config;
        this.chains = chains;
    }

    /** Both settings or neither, on a configured chain; a half-configured registry stops the start. */
    void checkSettings(@Observes StartupEvent started) {
        Optional<Long> chainId = config.commitments().chainId();
        Optional<String> contract = config.commitments().contract();
        if (chainId.isPresent() != contract.isPresent()) {
            throw new IllegalStateException("restitution.commitments.chain-id and .contract are set together or not at all");
        }
        if (chainId.isPresent() && !chains.ids().contains(chainId.get())) {
            throw new IllegalStateException("restitution.commitments.chain-id " + chainId.get()
                    + " is not among the configured chains " + chains.ids());
        }
        if (contract.isPresent() && !contract.get().matches("^0x[0-9a-fA-F]{40}$")) {
            throw new IllegalStateException("restitution.commitments.contract must be an address, not " + contract.get());
        }
        if (chainId.isEmpty()) {
            LOG.warn("no CommitmentRegistry is configured (restitution.commitments): nothing is committed on-chain,"
                    + " and no round is paid until its commitment is");
        }
    }

    @Scheduled(identity = "commitment-attempts", every = "${restitution.execution.worker-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        commitments.queueDue();
    }
}

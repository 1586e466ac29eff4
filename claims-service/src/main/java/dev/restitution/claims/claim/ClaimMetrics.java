package dev.restitution.claims.claim;

import dev.restitution.claims.claim.persistence.ClaimCounts;
import dev.restitution.kit.metrics.LabelledGauge;
import dev.restitution.kit.metrics.MetricsRefresh;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** {@code restitution_claims{state}}: claims per state, every state present, refreshed on {@link MetricsRefresh#EVERY}. */
@Startup
@ApplicationScoped
public class ClaimMetrics {

    private static final Logger LOG = Logger.getLogger(ClaimMetrics.class);

    private final ClaimCounts counts;
    private final LabelledGauge claims;

    public ClaimMetrics(MeterRegistry registry, ClaimCounts counts) {
        this.counts = counts;
        this.claims = new LabelledGauge(registry, "restitution.claims", "Claims per state", List.of("state"));
    }

    @Scheduled(every = MetricsRefresh.EVERY, concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        try {
            Map<List<String>, Double> series = new LinkedHashMap<>();
            QuarkusTransaction.requiringNew().call(counts::byStatus)
                    .forEach((status, count) -> series.put(List.of(status.name()), count.doubleValue()));
            claims.replaceAll(series);
        } catch (RuntimeException failure) {
            LOG.warnf("claim metrics not refreshed: %s", failure.getMessage());
        }
    }
}

package dev.restitution.ledger.reconciliation;

import dev.restitution.kit.metrics.LabelledGauge;
import dev.restitution.kit.metrics.MetricsRefresh;
import dev.restitution.ledger.reconciliation.domain.AssetReconciliation;
import dev.restitution.ledger.reconciliation.domain.Difference;
import dev.restitution.ledger.reconciliation.persistence.OpenIncidents;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code restitution_ledger_reconciliation_differences{incident,code}}: the differences the reconciliation reports
 * now, per incident and code, for the newest incidents not closed (at most
 * {@code restitution.metrics.reconciled-incidents}). A difference that is corrected reads 0 at the next refresh.
 */
@Startup
@ApplicationScoped
public class ReconciliationMetrics {

    private static final Logger LOG = Logger.getLogger(ReconciliationMetrics.class);

    private final ReconciliationService reconciliation;
    private final OpenIncidents openIncidents;
    private final int incidentLimit;
    private final LabelledGauge differences;

    public ReconciliationMetrics(MeterRegistry registry, ReconciliationService reconciliation,
                                 OpenIncidents openIncidents,
                                 @ConfigProperty(name = "restitution.metrics.reconciled-incidents", defaultValue = "50")
                                 int incidentLimit) {
        if (incidentLimit < 1 || incidentLimit > 1000) {
            throw new IllegalArgumentException("restitution.metrics.reconciled-incidents must be 1..1000, not "
                    + incidentLimit);
        }
        this.reconciliation = reconciliation;
        this.openIncidents = openIncidents;
        this.incidentLimit = incidentLimit;
        this.differences = new LabelledGauge(registry, "restitution.ledger.reconciliation.differences",
                "Open reconciliation differences per incident and code", List.of("incident", "code"));
    }

    @Scheduled(every = MetricsRefresh.EVERY, concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        try {
            List<UUID> incidents = QuarkusTransaction.requiringNew().call(() -> openIncidents.newest(incidentLimit));
            Map<List<String>, Double> series = new HashMap<>();
            for (UUID incident : incidents) {
                for (AssetReconciliation asset : reconciliation.reconcile(incident).assets()) {
                    for (Difference difference : asset.differences()) {
                        series.merge(List.of(incident.toString(), difference.code().name()), 1.0, Double::sum);
                    }
                }
            }
            differences.replaceAll(series);
        } catch (RuntimeException failure) {
            LOG.warnf("reconciliation metrics not refreshed: %s", failure.getMessage());
        }
    }
}

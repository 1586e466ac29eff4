package dev.restitution.k8s;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Where the monitoring pieces live: the alert rules, their promtool tests, the dashboards and the collector. */
final class Telemetry {

    /** The OpenTelemetry Collector's Deployment, Service, ConfigMap prefix and NetworkPolicy. */
    static final String COLLECTOR = "otel-collector";
    static final String COLLECTOR_ENDPOINT = "http://otel-collector:4318";

    static final Path MONITORING = Rendering.K8S.resolve("base/monitoring");
    static final Path RULES = MONITORING.resolve("restitution-alerts.rules.yaml");
    static final Path RULE_TESTS = MONITORING.resolve("restitution-alerts.test.yaml");
    static final Path DASHBOARD = MONITORING.resolve("dashboards/restitution-business.json");
    static final Path OPERATIONS = Rendering.REPOSITORY_ROOT.resolve("docs/operations.md");

    /** The alerts the issue asks for, at least. */
    static final List<String> REQUIRED_ALERTS = List.of("RestitutionSenderHalted", "RestitutionOrdersHeld",
            "RestitutionDeadLettersParked", "RestitutionOutboxNotDraining", "RestitutionReconciliationDifference",
            "RestitutionPayoutWalletShortfall", "RestitutionTransactionUnconfirmed", "RestitutionServiceDown");

    /** The business metrics the services export (Prometheus names), as docs/operations.md lists them. */
    static final List<String> BUSINESS_METRICS = List.of("restitution_claims",
            "restitution_payout_instructions_waiting", "restitution_payout_oldest_unconfirmed_transaction_seconds",
            "restitution_payout_senders_halted", "restitution_payout_orders_held", "restitution_payout_wallet_balance",
            "restitution_payout_queued_need", "restitution_payout_wallet_shortfall",
            "restitution_ledger_reconciliation_differences", "restitution_outbox_unpublished_events",
            "restitution_outbox_oldest_unpublished_seconds", "restitution_dead_letters_parked");

    private Telemetry() {
    }

    /** promtool from the PATH (scripts/install-promtool.sh installs it); its absence fails with the remedy. */
    static String promtool() {
        return promtool(System.getenv().getOrDefault("PATH", ""));
    }

    static String promtool(String path) {
        Optional<Path> found = Stream.of(path.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
        return found.map(Path::toString).orElseThrow(() -> new AssertionError(
                "promtool is not on the PATH. The k8s module checks the alert rules with promtool from Debian's "
                        + "prometheus package: run k8s/scripts/install-promtool.sh (as root) and rerun."));
    }
}

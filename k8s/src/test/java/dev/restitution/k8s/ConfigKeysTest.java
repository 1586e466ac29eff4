package dev.restitution.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.restitution.k8s.realm.RealmImports;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConfigKeysTest {

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void everyVariableAWorkloadReceivesIsAKeyItsApplicationReads(RealmImports.Overlay overlay) {
        // Why: a misspelt variable is ignored by the application, which then silently runs on its local defaults.
        List<String> problems = new ArrayList<>();
        for (String workload : Workloads.ALL) {
            ServiceConfiguration configuration = configuration(workload);
            JsonNode container = Workloads.containers(Workloads.deployment(overlay, workload)).getFirst();
            Workloads.environment(overlay, container).keySet()
                    .forEach(variable -> configuration.unknown(variable).ifPresent(problems::add));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void everyKeyWithoutAProductionValueIsSet(RealmImports.Overlay overlay) {
        // Why: a key whose only value points at 127.0.0.1 or is a development credential must be overridden in a cluster.
        List<String> problems = new ArrayList<>();
        for (String workload : Workloads.ALL) {
            if (!ServiceConfiguration.moduleExists(workload)) {
                continue;
            }
            ServiceConfiguration configuration = ServiceConfiguration.of(workload);
            JsonNode container = Workloads.containers(Workloads.deployment(overlay, workload)).getFirst();
            Set<String> set = Workloads.environment(overlay, container).keySet();
            for (String required : configuration.requiredVariables()) {
                if (!set.contains(required)) {
                    problems.add(workload + " must receive " + required + ": its application.properties value only suits a local run");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void theContainerPortIsThePortTheApplicationListensOn(RealmImports.Overlay overlay) {
        // Why: probes and the Service reach the declared port; an application listening elsewhere is never ready.
        for (String workload : Workloads.ALL) {
            ObjectNode deployment = Workloads.deployment(overlay, workload);
            int declared = Workloads.containers(deployment).getFirst().path("ports").get(0).path("containerPort").asInt();
            Map<String, String> environment = Workloads.environment(overlay, Workloads.containers(deployment).getFirst());
            int listening = environment.containsKey("QUARKUS_HTTP_PORT")
                    ? Integer.parseInt(Workloads.literal(overlay, deployment, "QUARKUS_HTTP_PORT"))
                    : configuration(workload).httpPort().orElse(8080);
            assertEquals(listening, declared, workload + " listens on " + listening);
            assertEquals("0.0.0.0", Workloads.literal(overlay, deployment, "QUARKUS_HTTP_HOST"), workload + " listens on the pod address");
        }
    }

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void probesAndScrapingUseTheManagementPortTheApplicationServesHealthAndMetricsOn(RealmImports.Overlay overlay) {
        // Why: health and metrics are on the management interface only; probes or a scraper aimed elsewhere never see them.
        List<String> problems = new ArrayList<>();
        for (String workload : Workloads.ALL) {
            if (!ServiceConfiguration.moduleExists(workload)) {
                continue;
            }
            Optional<Integer> management = ServiceConfiguration.of(workload).managementPort();
            if (management.isEmpty()) {
                problems.add(workload + " does not serve health and metrics on a management interface of their own");
                continue;
            }
            ObjectNode deployment = Workloads.deployment(overlay, workload);
            JsonNode container = Workloads.containers(deployment).getFirst();
            Optional<Integer> declared = Workloads.iterable(container.path("ports")).stream()
                    .filter(port -> "management".equals(port.path("name").asText()))
                    .map(port -> port.path("containerPort").asInt()).findFirst();
            if (!declared.equals(management)) {
                problems.add(workload + " listens for management on " + management.get() + " but declares " + declared);
            }
            if (!"0.0.0.0".equals(Workloads.literal(overlay, deployment, "QUARKUS_MANAGEMENT_HOST"))) {
                problems.add(workload + "'s management interface does not listen on the pod address");
            }
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                if (!"management".equals(container.path(probe).path("httpGet").path("port").asText())) {
                    problems.add(workload + ": " + probe + " does not ask the management port");
                }
            }
            JsonNode annotations = deployment.path("spec").path("template").path("metadata").path("annotations");
            if (annotations.has("prometheus.io/port") && annotations.path("prometheus.io/port").asInt() != management.get()) {
                problems.add(workload + " is scraped on " + annotations.path("prometheus.io/port").asText() + ", not " + management.get());
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theKeyCheckRejectsAMisspeltVariable() {
        // Why: prove the check is able to fail, on a near miss of a real key.
        ServiceConfiguration ledger = ServiceConfiguration.of("ledger-service");
        assertTrue(ledger.unknown("QUARKUS_DATASOURCE_JDBC_URL").isEmpty());
        assertTrue(ledger.unknown("QUARKUS_OIDC_TOKEN_ISSUER").isEmpty(), "a key of an extension the service uses");
        assertTrue(ledger.unknown("KAFKA_SASL_JAAS_CONFIG").isEmpty(), "a Kafka client property");
        assertFalse(ledger.unknown("QUARKUS_DATASOURCE_JDBC_URI").isEmpty());
        assertFalse(ledger.unknown("KAFKA_SASL_JASS_CONFIG").isEmpty());
        assertFalse(ledger.unknown("RESTITUTION_CHAIN_RPC_URL").isEmpty(), "payout-service's key is not ledger-service's");
        assertTrue(ledger.requiredVariables().containsAll(List.of(
                "QUARKUS_HTTP_HOST", "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_FLYWAY_PASSWORD",
                "KAFKA_BOOTSTRAP_SERVERS")));
    }

    private static ServiceConfiguration configuration(String workload) {
        return ServiceConfiguration.moduleExists(workload) ? ServiceConfiguration.of(workload) : ServiceConfiguration.planned(workload);
    }
}

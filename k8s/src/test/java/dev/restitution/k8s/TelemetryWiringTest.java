package dev.restitution.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.restitution.k8s.realm.RealmImports;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The OpenTelemetry Collector: pinned, hardened, receiving OTLP from every workload, which exports to it. */
class TelemetryWiringTest {

    private static final Pattern PINNED_IMAGE = Pattern.compile("otel/opentelemetry-collector-contrib:[0-9]+\\.[0-9]+\\.[0-9]+");
    private static final int OTLP_HTTP = 4318;

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void everyWorkloadExportsItsSpansToTheCollectorAndMayReachIt(RealmImports.Overlay overlay) {
        // Why: a service pointed elsewhere, or fenced off by its NetworkPolicy, loses every span without an error.
        List<String> problems = new ArrayList<>();
        for (String workload : Workloads.ALL) {
            ObjectNode deployment = Workloads.deployment(overlay, workload);
            String endpoint = Workloads.literal(overlay, deployment, "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT");
            if (!Telemetry.COLLECTOR_ENDPOINT.equals(endpoint)) {
                problems.add(workload + " exports spans to " + endpoint);
            }
            JsonNode policy = Rendering.named(overlay, "NetworkPolicy", workload);
            boolean egress = Workloads.iterable(policy.path("spec").path("egress")).stream().anyMatch(rule ->
                    Workloads.iterable(rule.path("ports")).stream().anyMatch(port -> port.path("port").asInt() == OTLP_HTTP)
                            && Workloads.iterable(rule.path("to")).stream().anyMatch(peer -> Telemetry.COLLECTOR.equals(
                            peer.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText())));
            if (!egress) {
                problems.add(workload + "'s NetworkPolicy does not let it reach the collector on " + OTLP_HTTP);
            }
        }
        JsonNode ingress = Rendering.named(overlay, "NetworkPolicy", Telemetry.COLLECTOR).path("spec").path("ingress");
        for (String workload : Workloads.ALL) {
            boolean admitted = Workloads.iterable(ingress).stream().anyMatch(rule ->
                    Workloads.iterable(rule.path("ports")).stream().anyMatch(port -> port.path("port").asInt() == OTLP_HTTP)
                            && Workloads.iterable(rule.path("from")).stream().anyMatch(peer -> Workloads.iterable(
                                    peer.path("podSelector").path("matchExpressions")).stream().anyMatch(expression ->
                                    "app.kubernetes.io/name".equals(expression.path("key").asText())
                                            && "In".equals(expression.path("operator").asText())
                                            && Workloads.iterable(expression.path("values")).stream()
                                            .anyMatch(value -> workload.equals(value.asText())))));
            if (!admitted) {
                problems.add("the collector's NetworkPolicy does not admit " + workload + " on " + OTLP_HTTP);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void theCollectorReceivesOtlpOverHttpOnThePortItsServiceExposes(RealmImports.Overlay overlay) throws IOException {
        // Why: the endpoint the services use must lead, through the Service, to the receiver the pipeline reads.
        ObjectNode deployment = Rendering.named(overlay, "Deployment", Telemetry.COLLECTOR);
        JsonNode container = Workloads.containers(deployment).getFirst();
        JsonNode declared = Workloads.iterable(container.path("ports")).stream()
                .filter(port -> port.path("containerPort").asInt() == OTLP_HTTP).findFirst()
                .orElseThrow(() -> new AssertionError("the collector declares no port " + OTLP_HTTP));
        ObjectNode service = Rendering.named(overlay, "Service", Telemetry.COLLECTOR);
        assertTrue(Workloads.selects(service.path("spec").path("selector"),
                deployment.path("spec").path("template").path("metadata").path("labels")), "the Service selects the collector");
        assertTrue(Workloads.iterable(service.path("spec").path("ports")).stream().anyMatch(port ->
                port.path("port").asInt() == OTLP_HTTP && declared.path("name").asText().equals(port.path("targetPort").asText())),
                "the Service exposes " + OTLP_HTTP + " to the receiver's port");

        String configMapName = Workloads.iterable(Workloads.podSpec(deployment).path("volumes")).stream()
                .map(volume -> volume.path("configMap").path("name").asText()).filter(name -> !name.isEmpty())
                .findFirst().orElseThrow();
        String file = container.path("args").get(0).asText().replace("--config=/etc/otel-collector/", "");
        JsonNode configuration = Rendering.YAML.readTree(
                Rendering.named(overlay, "ConfigMap", configMapName).path("data").path(file).asText());
        assertEquals("0.0.0.0:" + OTLP_HTTP,
                configuration.path("receivers").path("otlp").path("protocols").path("http").path("endpoint").asText());
        JsonNode traces = configuration.path("service").path("pipelines").path("traces");
        assertEquals("otlp", traces.path("receivers").get(0).asText());
        assertFalse(traces.path("exporters").isEmpty(), "the traces pipeline exports somewhere");
        for (JsonNode exporter : traces.path("exporters")) {
            assertTrue(configuration.path("exporters").has(exporter.asText()), "exporter " + exporter + " is configured");
        }
        assertEquals(List.of("memory_limiter", "batch"), Workloads.iterable(traces.path("processors")).stream()
                .map(JsonNode::asText).toList(), "memory is bounded before batching");
    }

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void theCollectorIsPinnedHardenedAndProbed(RealmImports.Overlay overlay) {
        // Why: the same rules as every workload: a known image, no root, no writable root filesystem, limits, probes.
        ObjectNode deployment = Rendering.named(overlay, "Deployment", Telemetry.COLLECTOR);
        JsonNode pod = Workloads.podSpec(deployment);
        JsonNode container = Workloads.containers(deployment).getFirst();
        assertTrue(PINNED_IMAGE.matcher(container.path("image").asText()).matches(), container.path("image").asText());
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(false));
        assertEquals("RuntimeDefault", pod.path("securityContext").path("seccompProfile").path("type").asText());
        assertFalse(pod.path("automountServiceAccountToken").asBoolean(true));
        assertTrue(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false));
        assertFalse(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true));
        assertEquals("ALL", container.path("securityContext").path("capabilities").path("drop").get(0).asText());
        for (String bound : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                assertFalse(container.path("resources").path(bound).path(resource).asText("").isEmpty(), bound + " " + resource);
            }
        }
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            String port = container.path(probe).path("httpGet").path("port").asText();
            assertTrue(Workloads.iterable(container.path("ports")).stream()
                    .anyMatch(declared -> port.equals(declared.path("name").asText())), probe + " asks a declared port");
        }
        Rendering.named(overlay, "PodDisruptionBudget", Telemetry.COLLECTOR);
    }
}

package dev.restitution.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.restitution.k8s.realm.RealmImports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WorkloadPolicyTest {

    private static final Map<String, String> PROBES = Map.of(
            "startupProbe", "/q/health/started",
            "livenessProbe", "/q/health/live",
            "readinessProbe", "/q/health/ready");
    private static final Pattern TAGGED_IMAGE = Pattern.compile("restitution/([a-z-]+):([0-9][A-Za-z0-9._-]*)");

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void everyContainerHasHealthProbesLimitsAndRunsNonRootOnAReadOnlyFilesystem(RealmImports.Overlay overlay) {
        // Why: a pod without probes takes traffic before it is ready, and one without limits or hardening endangers its node.
        List<String> problems = new ArrayList<>();
        List<ObjectNode> deployments = Rendering.ofKind(overlay, "Deployment").stream()
                .filter(deployment -> !Telemetry.COLLECTOR.equals(Rendering.name(deployment))).toList();
        assertEquals(Workloads.ALL.size(), deployments.size(), overlay + " deploys exactly the four workloads "
                + "(and the OpenTelemetry Collector, checked by TelemetryWiringTest)");
        for (ObjectNode deployment : deployments) {
            String name = Rendering.name(deployment);
            JsonNode pod = Workloads.podSpec(deployment);
            if (!pod.path("securityContext").path("runAsNonRoot").asBoolean(false)) {
                problems.add(name + ": the pod does not require a non-root user");
            }
            if (pod.path("securityContext").path("runAsUser").asInt(0) == 0) {
                problems.add(name + ": the pod names no non-root runAsUser");
            }
            if (!"RuntimeDefault".equals(pod.path("securityContext").path("seccompProfile").path("type").asText())) {
                problems.add(name + ": the pod has no RuntimeDefault seccomp profile");
            }
            if (pod.path("automountServiceAccountToken").asBoolean(true)) {
                problems.add(name + ": the pod mounts a Kubernetes API token it never uses");
            }
            List<JsonNode> containers = new ArrayList<>(Workloads.containers(deployment));
            Workloads.iterable(pod.path("initContainers")).forEach(containers::add);
            for (JsonNode container : containers) {
                problems.addAll(containerProblems(name + "/" + container.path("name").asText(), pod, container));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static List<String> containerProblems(String name, JsonNode pod, JsonNode container) {
        List<String> problems = new ArrayList<>();
        PROBES.forEach((probe, path) -> {
            JsonNode get = container.path(probe).path("httpGet");
            if (!path.equals(get.path("path").asText())) {
                problems.add(name + ": " + probe + " does not ask " + path);
            }
            String port = get.path("port").asText();
            boolean portDeclared = Workloads.iterable(container.path("ports")).stream()
                    .anyMatch(declared -> port.equals(declared.path("name").asText())
                            || port.equals(declared.path("containerPort").asText()));
            if (!portDeclared) {
                problems.add(name + ": " + probe + " asks port " + port + ", which the container does not declare");
            }
        });
        for (String bound : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                if (container.path("resources").path(bound).path(resource).asText("").isEmpty()) {
                    problems.add(name + ": no " + resource + " " + bound);
                }
            }
        }
        JsonNode security = container.path("securityContext");
        if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
            problems.add(name + ": the root filesystem is writable");
        }
        if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
            problems.add(name + ": privilege escalation is allowed");
        }
        if (!security.path("runAsNonRoot").asBoolean(pod.path("securityContext").path("runAsNonRoot").asBoolean(false))) {
            problems.add(name + ": may run as root");
        }
        if (Workloads.iterable(security.path("capabilities").path("drop")).stream().noneMatch(drop -> "ALL".equals(drop.asText()))) {
            problems.add(name + ": keeps Linux capabilities (drop ALL)");
        }
        boolean tmpIsEmptyDir = Workloads.iterable(container.path("volumeMounts")).stream()
                .filter(mount -> "/tmp".equals(mount.path("mountPath").asText()))
                .anyMatch(mount -> Workloads.iterable(pod.path("volumes")).stream()
                        .anyMatch(volume -> volume.path("name").asText().equals(mount.path("name").asText()) && volume.has("emptyDir")));
        if (!tmpIsEmptyDir) {
            problems.add(name + ": /tmp is not a writable emptyDir (Quarkus and the JVM write there)");
        }
        String image = container.path("image").asText();
        Matcher tagged = TAGGED_IMAGE.matcher(image);
        if (!tagged.matches()) {
            problems.add(name + ": image '" + image + "' is not restitution/<workload>:<version> (a version tag, never latest)");
        }
        return problems;
    }

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void everyWorkloadHasItsServiceDisruptionBudgetAndNetworkPolicy(RealmImports.Overlay overlay) {
        // Why: an unselected pod gets no traffic, an unbudgeted one can all be drained at once, an unpoliced one reaches anything.
        List<String> problems = new ArrayList<>();
        for (String workload : Workloads.ALL) {
            ObjectNode deployment = Workloads.deployment(overlay, workload);
            JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
            JsonNode container = Workloads.containers(deployment).getFirst();
            ObjectNode service = Rendering.named(overlay, "Service", workload);
            if (!Workloads.selects(service.path("spec").path("selector"), podLabels)) {
                problems.add(workload + ": its Service does not select its pods");
            }
            for (JsonNode port : Workloads.iterable(service.path("spec").path("ports"))) {
                String target = port.path("targetPort").asText();
                boolean exists = Workloads.iterable(container.path("ports")).stream()
                        .anyMatch(declared -> target.equals(declared.path("name").asText()));
                if (!exists) {
                    problems.add(workload + ": its Service targets port " + target + ", which the container does not name");
                }
            }
            ObjectNode budget = Rendering.named(overlay, "PodDisruptionBudget", workload);
            if (!Workloads.selects(budget.path("spec").path("selector").path("matchLabels"), podLabels)) {
                problems.add(workload + ": its PodDisruptionBudget does not select its pods");
            }
            ObjectNode policy = Rendering.named(overlay, "NetworkPolicy", workload);
            List<String> types = Workloads.iterable(policy.path("spec").path("policyTypes")).stream().map(JsonNode::asText).toList();
            if (!Workloads.selects(policy.path("spec").path("podSelector").path("matchLabels"), podLabels)
                    || !types.containsAll(List.of("Ingress", "Egress"))) {
                problems.add(workload + ": no NetworkPolicy restricts both its ingress and egress");
            }
            if (!allowsDns(policy)) {
                problems.add(workload + ": its NetworkPolicy does not let it resolve names (kube-dns, port 53)");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static boolean allowsDns(JsonNode policy) {
        return Workloads.iterable(policy.path("spec").path("egress")).stream().anyMatch(rule ->
                Workloads.iterable(rule.path("ports")).stream().anyMatch(port -> port.path("port").asInt() == 53)
                        && Workloads.iterable(rule.path("to")).stream()
                        .anyMatch(peer -> "kube-dns".equals(peer.path("podSelector").path("matchLabels").path("k8s-app").asText())));
    }

    @Test
    void eachServiceReachesOnlyItsOwnDatabaseAndOnlyPayoutReachesTheChain() {
        // Why: a service that can open another's database could read its tables, which the design forbids.
        for (String workload : Workloads.ALL) {
            JsonNode egress = Rendering.named(RealmImports.Overlay.PROD, "NetworkPolicy", workload).path("spec").path("egress");
            List<String> databases = new ArrayList<>();
            boolean reachesOutside = false;
            for (JsonNode rule : Workloads.iterable(egress)) {
                for (JsonNode peer : Workloads.iterable(rule.path("to"))) {
                    String cluster = peer.path("podSelector").path("matchLabels").path("cnpg.io/cluster").asText("");
                    if (!cluster.isEmpty()) {
                        databases.add(cluster);
                    }
                    reachesOutside |= peer.has("ipBlock");
                }
            }
            List<String> expected = workload.equals("portal") ? List.of() : List.of(workload.replace("-service", "-db"));
            assertEquals(expected, databases, workload + " reaches exactly its own database");
            assertEquals(workload.equals("payout-service"), reachesOutside, workload + " reaches addresses outside the cluster");
        }
    }

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void exactlyOnePayoutInstanceSendsTransactions(RealmImports.Overlay overlay) {
        // Why: two instances sending from one key race for nonces and can replace each other's transactions.
        ObjectNode payout = Workloads.deployment(overlay, "payout-service");
        assertEquals(1, payout.path("spec").path("replicas").asInt(), "payout-service runs one replica");
        assertEquals("Recreate", payout.path("spec").path("strategy").path("type").asText(),
                "a rollout stops the old sender before starting the new one");
        boolean autoscaled = Rendering.ofKind(overlay, "HorizontalPodAutoscaler").stream()
                .anyMatch(scaler -> "payout-service".equals(scaler.path("spec").path("scaleTargetRef").path("name").asText()));
        assertFalse(autoscaled, "no autoscaler may add payout-service instances");
    }

    @Test
    void productionAutoscalesEveryStatelessWorkloadAcrossNodes() {
        // Why: production must ride out load and the loss of a node without a person scaling by hand.
        for (String workload : Workloads.STATELESS) {
            ObjectNode scaler = Rendering.named(RealmImports.Overlay.PROD, "HorizontalPodAutoscaler", workload);
            assertEquals(workload, scaler.path("spec").path("scaleTargetRef").path("name").asText());
            assertTrue(scaler.path("spec").path("minReplicas").asInt() >= 2, workload + " keeps at least two instances");
            assertTrue(scaler.path("spec").path("maxReplicas").asInt() >= scaler.path("spec").path("minReplicas").asInt());
            JsonNode pod = Workloads.podSpec(Workloads.deployment(RealmImports.Overlay.PROD, workload));
            assertTrue(pod.path("affinity").path("podAntiAffinity").isObject(), workload + " spreads over nodes");
        }
    }

    @Test
    void developmentRunsSingleInstancesWithoutAutoscaling() {
        // Why: the dev overlay must fit a laptop cluster: one of everything.
        for (String workload : Workloads.ALL) {
            assertEquals(1, Workloads.deployment(RealmImports.Overlay.DEV, workload).path("spec").path("replicas").asInt(), workload);
        }
        assertTrue(Rendering.ofKind(RealmImports.Overlay.DEV, "HorizontalPodAutoscaler").isEmpty());
        Rendering.ofKind(RealmImports.Overlay.DEV, "Cluster")
                .forEach(cluster -> assertEquals(1, cluster.path("spec").path("instances").asInt(), Rendering.describe(cluster)));
        assertEquals(1, Rendering.named(RealmImports.Overlay.DEV, "KafkaNodePool", "dual-role").path("spec").path("replicas").asInt());
    }

    @Test
    void everyWorkloadHasAJvmDockerfileMatchingItsDeployment() throws IOException {
        // Why: the image the manifests name must listen on the declared port as the non-root user the pod requires.
        Pattern expose = Pattern.compile("(?m)^EXPOSE (\\d+)$");
        Pattern user = Pattern.compile("(?m)^USER (\\d+)(?::\\d+)?$");
        for (String workload : Workloads.ALL) {
            Path dockerfile = Rendering.REPOSITORY_ROOT.resolve(workload).resolve("src/main/docker/Dockerfile.jvm");
            assertTrue(Files.isRegularFile(dockerfile), dockerfile + " exists");
            String text = Files.readString(dockerfile);
            ObjectNode deployment = Workloads.deployment(RealmImports.Overlay.PROD, workload);
            JsonNode container = Workloads.containers(deployment).getFirst();
            Matcher port = expose.matcher(text);
            assertTrue(port.find(), dockerfile + " exposes a port");
            assertEquals(container.path("ports").get(0).path("containerPort").asInt(), Integer.parseInt(port.group(1)), dockerfile.toString());
            Matcher runAs = user.matcher(text);
            assertTrue(runAs.find(), dockerfile + " switches to a numeric user");
            assertEquals(Workloads.podSpec(deployment).path("securityContext").path("runAsUser").asInt(), Integer.parseInt(runAs.group(1)));
            assertTrue(text.contains("target/quarkus-app/"), dockerfile + " copies Quarkus's JVM layout");
            Matcher image = TAGGED_IMAGE.matcher(container.path("image").asText());
            assertTrue(image.matches() && image.group(1).equals(workload), workload + " runs its own image");
        }
    }
}

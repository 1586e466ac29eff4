package dev.restitution.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.restitution.k8s.realm.RealmImports;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The four workloads Restitution deploys and what the manifests say about each one's containers. */
final class Workloads {

    /** Every workload, each a Deployment, Service, ConfigMap, PodDisruptionBudget and NetworkPolicy of that name. */
    static final List<String> ALL = List.of("ledger-service", "claims-service", "payout-service", "portal");

    /** Those that may run several instances, each with a HorizontalPodAutoscaler. */
    static final List<String> STATELESS = List.of("ledger-service", "claims-service", "portal");

    private Workloads() {
    }

    static ObjectNode deployment(RealmImports.Overlay overlay, String workload) {
        return Rendering.named(overlay, "Deployment", workload);
    }

    static JsonNode podSpec(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec");
    }

    static List<JsonNode> containers(JsonNode deployment) {
        return iterable(podSpec(deployment).path("containers"));
    }

    /**
     * Every environment variable the container receives and where its value comes from: the literal
     * value, "configMap:name", or "secret:name/key".
     */
    static Map<String, String> environment(RealmImports.Overlay overlay, JsonNode container) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (JsonNode source : iterable(container.path("envFrom"))) {
            if (source.has("configMapRef")) {
                String name = source.path("configMapRef").path("name").asText();
                Rendering.named(overlay, "ConfigMap", name).path("data").fieldNames()
                        .forEachRemaining(key -> variables.put(key, "configMap:" + name));
            }
            if (source.has("secretRef")) {
                throw new AssertionError(container.path("name").asText() + " takes a whole Secret as environment (envFrom "
                        + "secretRef): name each variable with a secretKeyRef so its key can be checked");
            }
        }
        for (JsonNode variable : iterable(container.path("env"))) {
            String name = variable.path("name").asText();
            JsonNode secret = variable.path("valueFrom").path("secretKeyRef");
            if (!secret.isMissingNode()) {
                variables.put(name, "secret:" + secret.path("name").asText() + "/" + secret.path("key").asText());
            } else if (variable.path("valueFrom").has("configMapKeyRef")) {
                variables.put(name, "configMap:" + variable.path("valueFrom").path("configMapKeyRef").path("name").asText());
            } else {
                variables.put(name, variable.path("value").asText());
            }
        }
        return variables;
    }

    /** The literal value of an environment variable set from a ConfigMap or inline. */
    static String literal(RealmImports.Overlay overlay, JsonNode deployment, String variable) {
        JsonNode container = containers(deployment).getFirst();
        for (JsonNode entry : iterable(container.path("env"))) {
            if (variable.equals(entry.path("name").asText()) && entry.has("value")) {
                return entry.path("value").asText();
            }
        }
        for (JsonNode source : iterable(container.path("envFrom"))) {
            JsonNode data = Rendering.named(overlay, "ConfigMap", source.path("configMapRef").path("name").asText()).path("data");
            if (data.has(variable)) {
                return data.path(variable).asText();
            }
        }
        throw new AssertionError(Rendering.name(deployment) + " sets no literal " + variable);
    }

    static List<JsonNode> iterable(JsonNode array) {
        java.util.ArrayList<JsonNode> elements = new java.util.ArrayList<>();
        array.forEach(elements::add);
        return elements;
    }

    /** Whether every label of the selector is among the labels. */
    static boolean selects(JsonNode matchLabels, JsonNode labels) {
        if (!matchLabels.isObject() || matchLabels.isEmpty()) {
            return false;
        }
        for (var label : matchLabels.properties()) {
            if (!label.getValue().asText().equals(labels.path(label.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }
}

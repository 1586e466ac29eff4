package dev.restitution.k8s;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Checks objects strictly against the Kubernetes and operator schemas.
 *
 * <p>Kubernetes objects and Strimzi's custom resources are parsed into their published Java models
 * (fabric8 kubernetes-model, io.strimzi:api); Keycloak's into {@link KeycloakResources}. Unknown fields
 * fail twice over: Jackson is told to fail on them, and since these models keep unknown fields in an
 * {@code additionalProperties} map instead, every parsed object is walked and any non-empty map of that
 * kind is an error. Scalars are not coerced (a string where a number belongs fails).
 * CloudNativePG objects go to the operator's schemas through {@code src/test/node/validate-cnpg.mjs}.
 */
final class StrictSchemas {

    private static final int MAX_DEPTH = 64;
    /** The models that keep unknown fields in additionalProperties maps (and the records that hold them). */
    private static final java.util.regex.Pattern MODEL_PACKAGES = java.util.regex.Pattern.compile("(io\\.fabric8|io\\.strimzi|dev\\.restitution)\\.");
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(60);

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    /** The model class of each apiVersion and kind the manifests may contain. */
    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class),
            Map.entry("k8s.keycloak.org/v2alpha1/Keycloak", KeycloakResources.Keycloak.class),
            Map.entry("k8s.keycloak.org/v2alpha1/KeycloakRealmImport", KeycloakResources.KeycloakRealmImport.class));

    static final String CLOUDNATIVE_PG = "postgresql.cnpg.io/v1";

    private StrictSchemas() {
    }

    /** The problems of one object against its typed model; empty when it conforms. */
    static List<String> typedProblems(ObjectNode object) {
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        Class<?> model = MODELS.get(type);
        if (model == null) {
            return List.of("no schema is known for " + type + "; add its model to StrictSchemas before using it");
        }
        Object parsed;
        try {
            parsed = MAPPER.treeToValue(object, model);
        } catch (IOException | IllegalArgumentException failure) {
            return List.of(failure.getMessage());
        }
        List<String> problems = new ArrayList<>();
        collectAdditionalProperties(parsed, "", problems, 0);
        return problems;
    }

    /** Whether the object is checked by the CloudNativePG validator rather than a Java model. */
    static boolean isCloudNativePg(JsonNode object) {
        return CLOUDNATIVE_PG.equals(object.path("apiVersion").asText());
    }

    /** Problems of each CloudNativePG object, by "Kind/name", from the operator's schemas run by node. */
    static Map<String, List<String>> cloudNativePgProblems(List<ObjectNode> objects) {
        if (objects.isEmpty()) {
            return Map.of();
        }
        Path script = Rendering.K8S.resolve("src/test/node/validate-cnpg.mjs");
        if (!Files.isDirectory(Rendering.K8S.resolve("node_modules/@kubernetes-models/cloudnative-pg"))) {
            throw new AssertionError("k8s/node_modules lacks @kubernetes-models/cloudnative-pg: run `npm ci` in k8s/ "
                    + "(the Maven build does so when node_modules is missing)");
        }
        try {
            Path input = Files.createTempFile("cnpg-", ".json");
            Path output = Files.createTempFile("cnpg-", ".out.json");
            Path errors = Files.createTempFile("cnpg-", ".err");
            try {
                ArrayNode array = MAPPER.createArrayNode();
                objects.forEach(array::add);
                MAPPER.writeValue(input.toFile(), array);
                Process process = new ProcessBuilder(node(), script.toString())
                        .directory(Rendering.K8S.toFile())
                        .redirectInput(input.toFile())
                        .redirectOutput(output.toFile())
                        .redirectError(errors.toFile())
                        .start();
                if (!process.waitFor(NODE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("validate-cnpg.mjs did not finish within " + NODE_TIMEOUT);
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("validate-cnpg.mjs failed (exit " + process.exitValue() + "): "
                            + Files.readString(errors, StandardCharsets.UTF_8));
                }
                JsonNode results = MAPPER.readTree(output.toFile());
                Map<String, List<String>> problems = new java.util.LinkedHashMap<>();
                for (JsonNode result : results) {
                    List<String> messages = new ArrayList<>();
                    result.path("errors").forEach(message -> messages.add(message.asText()));
                    problems.put(result.path("name").asText(), messages);
                }
                if (problems.size() != objects.size()) {
                    throw new AssertionError("validate-cnpg.mjs answered for " + problems.size() + " of " + objects.size() + " objects");
                }
                return problems;
            } finally {
                Files.deleteIfExists(input);
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException failure) {
            throw new AssertionError("cannot run validate-cnpg.mjs: " + failure.getMessage(), failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while validating CloudNativePG objects", interrupted);
        }
    }

    private static String node() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank() && Files.isExecutable(Path.of(entry, "node"))) {
                return Path.of(entry, "node").toString();
            }
        }
        throw new AssertionError("node is not on the PATH: the CloudNativePG objects are checked against the operator's "
                + "schemas with Node.js 20 or newer (the project already needs it, see README.md)");
    }

    /** Walks a parsed model and reports every non-empty additionalProperties map, with its path. */
    private static void collectAdditionalProperties(Object value, String path, List<String> problems, int depth) {
        if (value == null || isLeaf(value.getClass())) {
            return;
        }
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("model nesting deeper than " + MAX_DEPTH + " at " + path);
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                collectAdditionalProperties(entry.getValue(), path + "/" + entry.getKey(), problems, depth + 1);
            }
            return;
        }
        if (value instanceof Collection<?> collection) {
            int index = 0;
            for (Object element : collection) {
                collectAdditionalProperties(element, path + "/" + index++, problems, depth + 1);
            }
            return;
        }
        if (!MODEL_PACKAGES.matcher(value.getClass().getName()).lookingAt()) {
            // Keycloak's representations keep no unknown fields: FAIL_ON_UNKNOWN_PROPERTIES already covers them.
            return;
        }
        Map<?, ?> additional = additionalProperties(value);
        if (additional != null && !additional.isEmpty()) {
            problems.add((path.isEmpty() ? "/" : path) + ": unknown field(s) " + additional.keySet()
                    + " for " + value.getClass().getSimpleName());
        }
        JavaType type = MAPPER.constructType(value.getClass());
        for (BeanPropertyDefinition property : MAPPER.getSerializationConfig().introspect(type).findProperties()) {
            if (property.getAccessor() == null || "additionalProperties".equals(property.getName())) {
                continue;
            }
            Object child = property.getAccessor().getValue(value);
            collectAdditionalProperties(child, path + "/" + property.getName(), problems, depth + 1);
        }
    }

    private static Map<?, ?> additionalProperties(Object value) {
        try {
            Method getter = value.getClass().getMethod("getAdditionalProperties");
            Object result = getter.invoke(value);
            return result instanceof Map<?, ?> map ? map : null;
        } catch (NoSuchMethodException absent) {
            return null;
        } catch (ReflectiveOperationException failure) {
            throw new IllegalStateException("cannot read additionalProperties of " + value.getClass(), failure);
        }
    }

    private static boolean isLeaf(Class<?> type) {
        return type.isPrimitive() || type.isEnum() || type.getName().startsWith("java.lang.")
                || Number.class.isAssignableFrom(type) || CharSequence.class.isAssignableFrom(type)
                || type.getName().startsWith("java.time.") || JsonNode.class.isAssignableFrom(type);
    }
}

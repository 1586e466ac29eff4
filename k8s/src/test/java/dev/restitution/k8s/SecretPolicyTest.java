package dev.restitution.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.restitution.k8s.realm.RealmImports;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SecretPolicyTest {

    /** Fields whose object value references a Secret by {@code name} (and usually {@code key}). */
    private static final Set<String> REFERENCE_OBJECTS = Set.of(
            "secretKeyRef", "secretRef", "usernameSecret", "passwordSecret", "accessKeyId", "secretAccessKey", "secret");
    /** Fields whose string value names a Secret. */
    private static final Set<String> REFERENCE_NAMES = Set.of("secretName", "tlsSecret");
    private static final Pattern CREDENTIAL_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|JAAS|PRIVATE_KEY|CREDENTIAL).*");
    private static final Pattern PLATFORM_SECRET_ROW = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|");

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void noSecretValueIsCommittedAndEverySecretReferenceResolves(RealmImports.Overlay overlay) throws IOException {
        // Why: credentials in the repository leak with every clone; a reference to a Secret nobody creates fails only at deploy time.
        List<String> problems = new ArrayList<>();
        Map<String, String> references = new TreeMap<>();
        for (ObjectNode object : Rendering.objects(overlay)) {
            if ("Secret".equals(object.path("kind").asText())) {
                problems.add(Rendering.describe(object) + " is committed: Secrets are created by operators or the platform, never here");
            }
            collectReferences(object, Rendering.describe(object), references);
        }
        for (ObjectNode map : Rendering.ofKind(overlay, "ConfigMap")) {
            map.path("data").fieldNames().forEachRemaining(key -> {
                if (CREDENTIAL_NAME.matcher(key).matches()) {
                    problems.add(Rendering.describe(map) + " holds " + key + ", a credential: take it from a Secret");
                }
            });
        }
        for (ObjectNode deployment : Rendering.ofKind(overlay, "Deployment")) {
            for (JsonNode container : Workloads.containers(deployment)) {
                for (JsonNode variable : Workloads.iterable(container.path("env"))) {
                    if (variable.has("value") && CREDENTIAL_NAME.matcher(variable.path("name").asText()).matches()) {
                        problems.add(Rendering.describe(deployment) + " sets " + variable.path("name").asText() + " literally: take it from a Secret");
                    }
                }
            }
        }
        Set<String> generated = operatorGeneratedSecrets(overlay);
        Set<String> platform = platformSecrets();
        references.forEach((secret, where) -> {
            if (!generated.contains(secret) && !platform.contains(secret)) {
                problems.add(where + " references Secret " + secret + ", which no operator generates from these objects and which "
                        + "k8s/README.md does not list among the Secrets the platform creates");
            }
        });
        assertTrue(!references.isEmpty(), "the workloads take their credentials from Secrets");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static void collectReferences(JsonNode node, String where, Map<String, String> references) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                JsonNode value = field.getValue();
                if (REFERENCE_OBJECTS.contains(field.getKey()) && value.isObject() && value.hasNonNull("name")) {
                    references.putIfAbsent(value.get("name").asText(), where);
                } else if (REFERENCE_NAMES.contains(field.getKey()) && value.isTextual()) {
                    references.putIfAbsent(value.asText(), where);
                } else if ("secret".equals(field.getKey()) && value.isObject() && value.hasNonNull("secretName")) {
                    references.putIfAbsent(value.get("secretName").asText(), where);
                }
                collectReferences(value, where, references);
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectReferences(element, where, references));
        }
    }

    /** The Secrets the operators write for the custom resources of this rendering. */
    private static Set<String> operatorGeneratedSecrets(RealmImports.Overlay overlay) {
        Set<String> secrets = new TreeSet<>();
        for (ObjectNode cluster : Rendering.ofKind(overlay, "Cluster")) {
            String name = Rendering.name(cluster);
            secrets.addAll(List.of(name + "-app", name + "-ca", name + "-server", name + "-replication"));
        }
        Rendering.ofKind(overlay, "KafkaUser").forEach(user -> secrets.add(Rendering.name(user)));
        for (ObjectNode kafka : Rendering.ofKind(overlay, "Kafka")) {
            secrets.add(Rendering.name(kafka) + "-cluster-ca-cert");
            secrets.add(Rendering.name(kafka) + "-clients-ca-cert");
        }
        Rendering.ofKind(overlay, "Keycloak").forEach(keycloak -> secrets.add(Rendering.name(keycloak) + "-initial-admin"));
        return secrets;
    }

    /** The Secrets k8s/README.md tells the platform to create, from its table of them. */
    private static Set<String> platformSecrets() throws IOException {
        String readme = Files.readString(Rendering.K8S.resolve("README.md"));
        int start = readme.indexOf("## Secrets the platform creates");
        assertTrue(start >= 0, "k8s/README.md has a section 'Secrets the platform creates'");
        int end = readme.indexOf("\n## ", start + 1);
        Matcher row = PLATFORM_SECRET_ROW.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        Set<String> secrets = new TreeSet<>();
        while (row.find()) {
            secrets.add(row.group(1));
        }
        return secrets;
    }
}

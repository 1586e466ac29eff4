package dev.restitution.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.restitution.k8s.realm.RealmImports;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchemaTest {

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void everyRenderedObjectMatchesItsSchemaExactly(RealmImports.Overlay overlay) {
        // Why: a misspelt or misplaced field is silently dropped by the API server; only a strict check finds it here.
        Map<String, List<String>> problems = new LinkedHashMap<>();
        List<ObjectNode> cloudNativePg = new ArrayList<>();
        for (ObjectNode object : Rendering.objects(overlay)) {
            if (StrictSchemas.isCloudNativePg(object)) {
                cloudNativePg.add(object);
                continue;
            }
            List<String> objectProblems = StrictSchemas.typedProblems(object);
            if (!objectProblems.isEmpty()) {
                problems.put(Rendering.describe(object), objectProblems);
            }
        }
        StrictSchemas.cloudNativePgProblems(cloudNativePg).forEach((name, objectProblems) -> {
            if (!objectProblems.isEmpty()) {
                problems.put(name, objectProblems);
            }
        });
        assertTrue(problems.isEmpty(), overlay + " renders objects that do not match their schemas: " + problems);
        assertTrue(cloudNativePg.size() >= 4, overlay + " renders the four database clusters");
    }

    @Test
    void aMissingKubectlFailsWithTheRemedyInsteadOfSkipping() {
        // Why: a machine without kubectl must not pass the proof by rendering nothing.
        AssertionError failure = assertThrows(AssertionError.class, () -> Rendering.kubectl(""));
        assertTrue(failure.getMessage().contains("kubectl is not on the PATH"), failure.getMessage());
        assertTrue(failure.getMessage().contains("install kubectl"), failure.getMessage());
    }

    @Test
    void anUnknownFieldFailsTheTypedCheck() {
        // Why: the strict check must itself be proven strict, or a passing test proves nothing.
        ObjectNode deployment = Workloads.deployment(RealmImports.Overlay.PROD, "ledger-service").deepCopy();
        ((ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0))
                .put("imagePullPolicyy", "Always");
        List<String> problems = StrictSchemas.typedProblems(deployment);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().contains("imagePullPolicyy"), problems.toString());

        ObjectNode topic = Rendering.named(RealmImports.Overlay.PROD, "KafkaTopic", "restitution.ledger.incidents").deepCopy();
        ((ObjectNode) topic.path("spec")).put("partitions", "3");
        assertEquals(1, StrictSchemas.typedProblems(topic).size(), "a string where Strimzi wants a number fails");

        ObjectNode realmImport = Rendering.ofKind(RealmImports.Overlay.PROD, "KeycloakRealmImport").getFirst().deepCopy();
        ((ObjectNode) realmImport.path("spec").path("realm")).put("sslRequird", "all");
        assertEquals(1, StrictSchemas.typedProblems(realmImport).size(), "an unknown realm field fails");
    }

    @Test
    void anUnknownFieldFailsTheCloudNativePgCheck() {
        // Why: the CloudNativePG check runs outside the JVM; prove it reports unknown fields and wrong types.
        ObjectNode cluster = Rendering.named(RealmImports.Overlay.PROD, "Cluster", "ledger-db").deepCopy();
        ((ObjectNode) cluster.path("spec").path("storage")).put("sizee", "1Gi");
        ((ObjectNode) cluster.path("spec")).put("instances", "3");
        List<String> problems = StrictSchemas.cloudNativePgProblems(List.of(cluster)).get("Cluster/ledger-db");
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(problem -> problem.contains("/spec/storage/sizee")), problems.toString());
        assertTrue(problems.stream().anyMatch(problem -> problem.contains("instances")), problems.toString());
    }
}

package dev.restitution.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.restitution.kit.events.Topics;
import dev.restitution.k8s.realm.RealmImports;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KafkaPolicyTest {

    private static final List<String> SERVICES = List.of("ledger-service", "claims-service", "payout-service");

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void everyTopicTheCodeUsesExistsAsAKafkaTopicWithExplicitRetention(RealmImports.Overlay overlay) {
        // Why: automatic topic creation is off, so a topic without its KafkaTopic makes producers and consumers fail.
        Map<String, ObjectNode> topics = Rendering.ofKind(overlay, "KafkaTopic").stream()
                .collect(Collectors.toMap(KafkaPolicyTest::topicName, topic -> topic));
        Set<String> used = new TreeSet<>(Topics.all());
        for (String service : SERVICES) {
            ServiceConfiguration.of(service).channelTopics().values().forEach(used::addAll);
        }
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(topics.keySet());
        assertTrue(missing.isEmpty(), overlay + " lacks a KafkaTopic for " + missing);

        int brokers = Rendering.ofKind(overlay, "KafkaNodePool").stream()
                .filter(pool -> Workloads.iterable(pool.path("spec").path("roles")).stream().anyMatch(role -> "broker".equals(role.asText())))
                .mapToInt(pool -> pool.path("spec").path("replicas").asInt()).sum();
        List<String> problems = new ArrayList<>();
        topics.forEach((name, topic) -> {
            JsonNode spec = topic.path("spec");
            int replicas = spec.path("replicas").asInt();
            int minInSync = spec.path("config").path("min.insync.replicas").asInt(-1);
            if (spec.path("partitions").asInt() < 1 || replicas < 1 || replicas > brokers) {
                problems.add(name + ": partitions and replicas must be set, replicas at most the " + brokers + " brokers");
            }
            if (minInSync < 1 || minInSync > replicas || (replicas > 1 && minInSync >= replicas)) {
                problems.add(name + ": min.insync.replicas " + minInSync + " must leave one replica to lose (replicas " + replicas + ")");
            }
            for (String setting : List.of("cleanup.policy", "retention.ms")) {
                if (!spec.path("config").has(setting)) {
                    problems.add(name + ": " + setting + " is not chosen explicitly");
                }
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void eachServiceKafkaUserGrantsWhatItsChannelsUse(RealmImports.Overlay overlay) {
        // Why: with simple authorization on, a service whose user lacks an ACL cannot produce or consume at all.
        List<String> problems = new ArrayList<>();
        for (String service : SERVICES) {
            ServiceConfiguration configuration = ServiceConfiguration.of(service);
            ObjectNode user = Rendering.named(overlay, "KafkaUser", service);
            List<JsonNode> acls = Workloads.iterable(user.path("spec").path("authorization").path("acls"));
            Map<String, List<String>> channels = configuration.channelTopics();
            Set<String> writes = new TreeSet<>(channels.get("outgoing"));
            writes.addAll(channels.get("dead-letter"));
            // Topics are named restitution.<owner>.<aggregate>: the owner's outbox relay writes each of its topics.
            String owned = "restitution." + service.replace("-service", "") + ".";
            Topics.all().stream().filter(topic -> topic.startsWith(owned)).forEach(writes::add);
            writes.forEach(topic -> requireGrant(problems, service, acls, "topic", topic, "Write"));
            channels.get("incoming").forEach(topic -> requireGrant(problems, service, acls, "topic", topic, "Read"));
            // The dead-letter API lists and replays what the service parked: it reads its own dead-letter topics.
            channels.get("dead-letter").forEach(topic -> requireGrant(problems, service, acls, "topic", topic, "Read"));
            configuration.consumerGroups().forEach(group -> requireGrant(problems, service, acls, "group", group, "Read"));
            for (JsonNode acl : acls) {
                if ("*".equals(acl.path("resource").path("name").asText())) {
                    problems.add(service + ": an ACL grants every " + acl.path("resource").path("type").asText());
                }
            }
            JsonNode container = Workloads.containers(Workloads.deployment(overlay, service)).getFirst();
            String jaas = Workloads.environment(overlay, container).get("KAFKA_SASL_JAAS_CONFIG");
            if (!("secret:" + service + "/sasl.jaas.config").equals(jaas)) {
                problems.add(service + ": authenticates to Kafka with " + jaas + ", not its own KafkaUser's Secret");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static void requireGrant(List<String> problems, String service, List<JsonNode> acls, String type, String name, String operation) {
        boolean granted = acls.stream().anyMatch(acl -> {
            JsonNode resource = acl.path("resource");
            String pattern = resource.path("patternType").asText("literal");
            String resourceName = resource.path("name").asText();
            boolean matches = pattern.equals("prefix") ? name.startsWith(resourceName) : name.equals(resourceName);
            return type.equals(resource.path("type").asText()) && matches
                    && Workloads.iterable(acl.path("operations")).stream().anyMatch(offered -> operation.equals(offered.asText()));
        });
        if (!granted) {
            problems.add(service + ": its KafkaUser does not grant " + operation + " on " + type + " " + name);
        }
    }

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void theClusterRefusesUndeclaredTopicsAndUnauthenticatedClients(RealmImports.Overlay overlay) {
        // Why: a typo in a topic name must fail, not create a stray topic; and no pod may use Kafka without its user.
        ObjectNode kafka = Rendering.named(overlay, "Kafka", "restitution");
        JsonNode spec = kafka.path("spec").path("kafka");
        assertEquals(false, spec.path("config").path("auto.create.topics.enable").asBoolean(true));
        assertEquals("simple", spec.path("authorization").path("type").asText());
        for (JsonNode listener : Workloads.iterable(spec.path("listeners"))) {
            assertTrue(listener.path("tls").asBoolean(false), "listener " + listener.path("name").asText() + " uses TLS");
            assertEquals("scram-sha-512", listener.path("authentication").path("type").asText());
        }
    }

    private static String topicName(JsonNode topic) {
        return topic.path("spec").path("topicName").asText(Rendering.name(topic));
    }
}

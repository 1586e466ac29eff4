package dev.restitution.kit.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * events/asyncapi.yaml is what other teams read; Topics and EventTypes are what the code uses.
 * These tests fail as soon as one changes without the other.
 */
class AsyncApiDocumentTest {

    private static final Path EVENTS_DIR = Path.of("..", "contracts", "events");
    private static final JsonNode DOCUMENT = read(EVENTS_DIR.resolve("asyncapi.yaml"));

    private static JsonNode read(Path file) {
        try {
            return new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    /** The values of the public static final String fields of {@code holder}. */
    private static Set<String> constants(Class<?> holder) {
        return Arrays.stream(holder.getDeclaredFields())
                .filter(field -> field.getType() == String.class)
                .filter(field -> Modifier.isPublic(field.getModifiers()) && Modifier.isStatic(field.getModifiers())
                        && Modifier.isFinal(field.getModifiers()))
                .map(AsyncApiDocumentTest::valueOf)
                .collect(Collectors.toSet());
    }

    private static String valueOf(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Channel address -> names of the component messages the channel carries. */
    private static Map<String, Set<String>> channels() {
        var channels = new TreeMap<String, Set<String>>();
        DOCUMENT.get("channels").forEach(channel -> {
            var messages = new HashSet<String>();
            channel.path("messages").forEach(message -> messages.add(componentName(message.get("$ref").asText())));
            channels.put(channel.get("address").asText(), messages);
        });
        return channels;
    }

    private static String componentName(String reference) {
        assertTrue(reference.startsWith("#/components/messages/"), reference);
        return reference.substring(reference.lastIndexOf('/') + 1);
    }

    /** Event type -> name of the component message whose envelope fixes {@code type} to it. */
    private static Map<String, String> messagesByType() {
        var messages = new TreeMap<String, String>();
        DOCUMENT.get("components").get("messages").properties().forEach(entry -> {
            String type = envelopeProperty(entry.getValue(), "type").get("const").asText();
            String previous = messages.put(type, entry.getKey());
            assertEquals(null, previous, "two messages declare type " + type);
        });
        return messages;
    }

    /** The property {@code name} of a message's payload, from the allOf branch that narrows it. */
    private static JsonNode envelopeProperty(JsonNode message, String name) {
        List<JsonNode> found = new ArrayList<>();
        message.get("payload").get("allOf").forEach(branch -> {
            if (branch.path("properties").has(name)) {
                found.add(branch.get("properties").get(name));
            }
        });
        assertFalse(found.isEmpty(), "message payload does not narrow '" + name + "': " + message);
        return found.getLast();
    }

    @Test
    void everyTopicIsAChannelAddressAndEveryChannelATopic() {
        // A topic the code uses but the document omits is invisible to other teams, and vice versa.
        assertEquals(constants(Topics.class), Set.copyOf(Topics.all()), "Topics.all() misses a constant");
        assertEquals(constants(Topics.class), channels().keySet());
    }

    @Test
    void everyEventTypeIsAMessageOnItsTopicCarryingItsSchema() {
        // Type, topic and payload schema must agree between EventTypes and the document.
        assertEquals(constants(EventTypes.class), EventTypes.all(), "EventTypes.all() misses a constant");
        Map<String, String> messagesByType = messagesByType();
        assertEquals(EventTypes.all(), messagesByType.keySet());

        Map<String, Set<String>> channels = channels();
        for (String type : EventTypes.all()) {
            String messageName = messagesByType.get(type);
            assertTrue(channels.get(EventTypes.topicOf(type)).contains(messageName),
                    messageName + " is not on channel " + EventTypes.topicOf(type));

            JsonNode message = DOCUMENT.get("components").get("messages").get(messageName);
            String payloadClass = EventTypes.payloadClass(type).orElseThrow().getSimpleName();
            assertEquals("./schemas/" + payloadClass + ".json", envelopeProperty(message, "data").get("$ref").asText());
            assertTrue(Files.isRegularFile(EVENTS_DIR.resolve("schemas").resolve(payloadClass + ".json")));
        }
    }

    @Test
    void everySchemaFileIsThePayloadOfAnEventType() throws IOException {
        // A schema without a type would generate a class that no event can carry.
        Set<String> payloadClasses = EventTypes.all().stream()
                .map(type -> EventTypes.payloadClass(type).orElseThrow().getSimpleName())
                .collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(EVENTS_DIR.resolve("schemas"))) {
            Set<String> schemas = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length()))
                    .collect(Collectors.toSet());
            assertEquals(payloadClasses, schemas);
        }
    }

    @Test
    void everyMessageExampleIsAnEventTheCodecAccepts() {
        // Examples are what people copy: each must decode and carry a valid payload of its type.
        EventCodec codec = new EventCodec();
        int examples = 0;
        for (JsonNode message : DOCUMENT.get("components").get("messages")) {
            String type = envelopeProperty(message, "type").get("const").asText();
            for (JsonNode example : message.path("examples")) {
                EventEnvelope envelope = codec.decode(example.get("payload").toString());
                assertEquals(type, envelope.type());
                codec.payload(envelope, EventTypes.payloadClass(type).orElseThrow());
                examples++;
            }
        }
        assertTrue(examples >= EventTypes.all().size(), "every message has an example");
    }
}

package dev.restitution.kit.events;

import dev.restitution.contracts.events.IncidentDeclared;
import dev.restitution.contracts.events.IncidentDeclaredAsset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final String EVENT_ID = "5f0c9b8e-3f1a-4a52-9a57-0c2b1f0e7d11";
    private static final UUID INCIDENT_ID = UUID.fromString("0b9e3f52-7d5c-4a8e-9c1f-2a6b8d4e1f30");
    private static final Instant TIME = Instant.parse("2023-09-13T08:00:00.123456789Z");

    private final EventCodec codec = new EventCodec();

    private static IncidentDeclared incident() {
        return new IncidentDeclared()
                .withIncidentId(INCIDENT_ID)
                .withExchange("ExampleEx")
                .withTitle("Hot wallet breach")
                .withCutoffAt(OffsetDateTime.of(2023, 9, 12, 7, 0, 0, 0, ZoneOffset.UTC))
                .withDescription("Hot-wallet keys leaked.")
                .withAssets(List.of(
                        new IncidentDeclaredAsset().withSymbol("ETH").withChainId(1L).withDecimals(18),
                        new IncidentDeclaredAsset().withSymbol("USDT").withChainId(1L)
                                .withTokenContract("0xdAC17F958D2ee523a2206206994597C13D831ec7").withDecimals(6)))
                .withDeclaredBy("8d1f5a0e-2c3b-4e6f-9a7d-1b2c3d4e5f60")
                // An offset other than UTC must survive the trip as sent.
                .withDeclaredAt(OffsetDateTime.of(2023, 9, 13, 9, 59, 58, 5_000_000, ZoneOffset.ofHours(2)));
    }

    private EventEnvelope wrapped(IncidentDeclared payload) {
        return codec.wrap(EVENT_ID, EventTypes.INCIDENT_DECLARED, "/ledger-service", TIME,
                INCIDENT_ID.toString(), payload);
    }

    /** The JSON of a valid IncidentDeclared event, for tests that break one part of it. */
    private ObjectNode validEventJson() throws Exception {
        return (ObjectNode) EventCodec.newObjectMapper().readTree(codec.encode(wrapped(incident())));
    }

    private static void assertMessageContains(InvalidEventException refusal, String... parts) {
        for (String part : parts) {
            assertTrue(refusal.getMessage().contains(part),
                    () -> "expected '" + part + "' in: " + refusal.getMessage());
        }
    }

    @Test
    void roundTripKeepsEveryField() {
        // What a producer wraps is exactly what a consumer reads: envelope attributes and payload.
        IncidentDeclared sent = incident();
        EventEnvelope envelope = wrapped(sent);

        EventEnvelope received = codec.decode(codec.encode(envelope));
        IncidentDeclared payload = codec.payload(received, IncidentDeclared.class);

        assertEquals(envelope, received);
        assertEquals("1.0", received.specversion());
        assertEquals(EVENT_ID, received.id());
        assertEquals(EventTypes.INCIDENT_DECLARED, received.type());
        assertEquals("/ledger-service", received.source());
        assertEquals(TIME, received.time());
        assertEquals(INCIDENT_ID.toString(), received.subject());
        assertEquals("application/json", received.datacontenttype());
        assertEquals(sent, payload);
        assertEquals(ZoneOffset.ofHours(2), payload.getDeclaredAt().getOffset());
        assertEquals("0xdAC17F958D2ee523a2206206994597C13D831ec7", payload.getAssets().get(1).getTokenContract());
    }

    @Test
    void roundTripKeepsAbsentOptionalFieldsAbsent() {
        // description, tokenContract and subject are optional: absent stays absent, not "" or null text.
        IncidentDeclared sent = incident().withDescription(null);
        sent.getAssets().get(1).setTokenContract(null);
        EventEnvelope envelope = codec.wrap(EVENT_ID, EventTypes.INCIDENT_DECLARED, "/ledger-service", TIME, null, sent);

        String json = codec.encode(envelope);
        IncidentDeclared payload = codec.payload(codec.decode(json), IncidentDeclared.class);

        assertFalse(json.contains("description"), json);
        assertFalse(json.contains("tokenContract"), json);
        assertFalse(json.contains("subject"), json);
        assertEquals(sent, payload);
        assertNull(payload.getDescription());
    }

    @Test
    void encodedEventIsCloudEventsStructuredJsonWithIsoTimes() throws Exception {
        // Consumers in any language read the envelope: times are RFC 3339 strings, not numbers.
        var json = EventCodec.newObjectMapper().readTree(codec.encode(wrapped(incident())));

        assertEquals("1.0", json.get("specversion").asText());
        assertEquals("2023-09-13T08:00:00.123456789Z", json.get("time").asText());
        assertEquals("2023-09-13T09:59:58.005+02:00", json.get("data").get("declaredAt").asText());
        assertEquals(INCIDENT_ID.toString(), json.get("data").get("incidentId").asText());
        assertEquals(1L, json.get("data").get("assets").get(0).get("chainId").asLong());
    }

    @Test
    void timeWithAnOffsetIsReadAsTheSameInstant() throws Exception {
        // CloudEvents allows any RFC 3339 time; a producer outside Java may send an offset.
        ObjectNode json = validEventJson();
        json.put("time", "2023-09-13T10:00:00+02:00");

        assertEquals(Instant.parse("2023-09-13T08:00:00Z"), codec.decode(json.toString()).time());
    }

    @Test
    void payloadMissingARequiredFieldIsRefused() throws Exception {
        // A consumer must never act on an incident without, e.g., the admin who declared it.
        ObjectNode json = validEventJson();
        ((ObjectNode) json.get("data")).remove("declaredBy");
        EventEnvelope envelope = codec.decode(json.toString());

        var refusal = assertThrows(InvalidEventException.class, () -> codec.payload(envelope, IncidentDeclared.class));
        assertMessageContains(refusal, EventTypes.INCIDENT_DECLARED, "declaredBy");
    }

    @Test
    void payloadMissingARequiredFieldOfAnAssetIsRefused() throws Exception {
        // Nested objects are checked too: an asset without decimals cannot be converted.
        ObjectNode json = validEventJson();
        ((ObjectNode) json.get("data").get("assets").get(0)).remove("decimals");
        EventEnvelope envelope = codec.decode(json.toString());

        var refusal = assertThrows(InvalidEventException.class, () -> codec.payload(envelope, IncidentDeclared.class));
        assertMessageContains(refusal, "assets[0].decimals");
    }

    @Test
    void producerCannotWrapAPayloadMissingARequiredField() {
        // A bad event is stopped where it is made, not where it is consumed.
        var refusal = assertThrows(InvalidEventException.class, () -> wrapped(incident().withTitle(null)));
        assertMessageContains(refusal, "title");
    }

    @Test
    void producerCannotWrapAPayloadBreakingItsSchema() {
        // Patterns and bounds from the schema hold: a token contract must look like an address.
        IncidentDeclared payload = incident();
        payload.getAssets().get(1).setTokenContract("0x1234");

        var refusal = assertThrows(InvalidEventException.class, () -> wrapped(payload));
        assertMessageContains(refusal, "assets[1].tokenContract");
    }

    @Test
    void payloadWithAnUnknownFieldIsRefused() throws Exception {
        // The schema forbids additional properties; a typo must not be dropped silently.
        ObjectNode json = validEventJson();
        ((ObjectNode) json.get("data")).put("cutoff", "2023-09-12T07:00:00Z");
        EventEnvelope envelope = codec.decode(json.toString());

        var refusal = assertThrows(InvalidEventException.class, () -> codec.payload(envelope, IncidentDeclared.class));
        assertMessageContains(refusal, "cutoff");
    }

    @Test
    void assetWithAnUnknownFieldIsRefused() throws Exception {
        // Unknown fields are refused at every depth of the payload.
        ObjectNode json = validEventJson();
        ((ObjectNode) json.get("data").get("assets").get(1)).put("contract", "0x0");
        EventEnvelope envelope = codec.decode(json.toString());

        var refusal = assertThrows(InvalidEventException.class, () -> codec.payload(envelope, IncidentDeclared.class));
        assertMessageContains(refusal, "contract", "assets[1]");
    }

    @Test
    void envelopeWithAnUnknownAttributeIsRefused() throws Exception {
        // CloudEvents extension attributes are not part of our contract until they are named.
        ObjectNode json = validEventJson();
        json.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        var refusal = assertThrows(InvalidEventException.class, () -> codec.decode(json.toString()));
        assertMessageContains(refusal, "invalid event envelope", "traceparent");
    }

    @Test
    void readingAPayloadAsAnotherClassThanItsTypeIsRefused() {
        // A consumer that reads the wrong class would get a half-empty object; refuse instead.
        EventEnvelope envelope = wrapped(incident());

        var refusal = assertThrows(InvalidEventException.class,
                () -> codec.payload(envelope, IncidentDeclaredAsset.class));
        assertMessageContains(refusal, EventTypes.INCIDENT_DECLARED, "IncidentDeclared", "IncidentDeclaredAsset");
    }

    @Test
    void wrappingAPayloadUnderAnotherTypeIsRefused() {
        // The type must name the payload's schema: a payload class is never sent under a foreign type.
        var asset = new IncidentDeclaredAsset().withSymbol("ETH").withChainId(1L).withDecimals(18);

        var refusal = assertThrows(InvalidEventException.class, () -> codec.wrap(EVENT_ID,
                EventTypes.INCIDENT_DECLARED, "/ledger-service", TIME, null, asset));
        assertMessageContains(refusal, "IncidentDeclaredAsset");
    }

    @Test
    void unknownEventTypeIsRefused() throws Exception {
        // A type nobody registered has no schema, so its payload cannot be trusted.
        ObjectNode json = validEventJson();
        json.put("type", "dev.restitution.ledger.incident.declared.v9");
        EventEnvelope envelope = codec.decode(json.toString());

        var refusal = assertThrows(InvalidEventException.class, () -> codec.payload(envelope, IncidentDeclared.class));
        assertMessageContains(refusal, "unknown event type", "v9");
    }

    @Test
    void malformedJsonGivesAClearError() {
        // A broken record must be recognisable as such in a consumer's log, with where it broke.
        for (String malformed : List.of("{\"specversion\": \"1.0\", \"id\": ", "not json at all", "{} trailing")) {
            var refusal = assertThrows(InvalidEventException.class, () -> codec.decode(malformed), malformed);
            assertMessageContains(refusal, "malformed event JSON", "line 1");
        }
        var empty = assertThrows(InvalidEventException.class, () -> codec.decode(""));
        assertMessageContains(empty, "malformed event JSON", "empty");
    }

    @Test
    void envelopeWithoutARequiredAttributeIsRefused() throws Exception {
        // id, type, source and time are what consumers deduplicate, dispatch and order on.
        for (String attribute : List.of("id", "type", "source", "time", "data", "specversion")) {
            ObjectNode json = validEventJson();
            json.remove(attribute);

            var refusal = assertThrows(InvalidEventException.class, () -> codec.decode(json.toString()), attribute);
            assertMessageContains(refusal, "invalid event envelope", attribute);
        }
    }

    @Test
    void envelopeWithAnotherSpecVersionOrANonUuidIdIsRefused() throws Exception {
        // We speak CloudEvents 1.0 only, and event ids are UUIDs (the outbox row id).
        ObjectNode oldSpec = validEventJson();
        oldSpec.put("specversion", "0.3");
        assertMessageContains(assertThrows(InvalidEventException.class, () -> codec.decode(oldSpec.toString())),
                "specversion", "0.3");

        ObjectNode badId = validEventJson();
        badId.put("id", "42");
        assertMessageContains(assertThrows(InvalidEventException.class, () -> codec.decode(badId.toString())),
                "id must be a UUID");
    }

    @Test
    void envelopeCheckedWhenBuiltInCode() {
        // The record refuses bad arguments itself, not only when read from JSON.
        var data = EventCodec.newObjectMapper().createObjectNode();
        assertThrows(IllegalArgumentException.class,
                () -> new EventEnvelope("1.0", EVENT_ID, EventTypes.INCIDENT_DECLARED, "/ledger-service", null, null, null, data));
        assertThrows(IllegalArgumentException.class,
                () -> new EventEnvelope("1.0", EVENT_ID, " ", "/ledger-service", TIME, null, null, data));
        assertThrows(IllegalArgumentException.class,
                () -> new EventEnvelope("1.0", EVENT_ID, EventTypes.INCIDENT_DECLARED, "/ledger-service", TIME, null, "text/plain", data));
        var defaulted = new EventEnvelope("1.0", EVENT_ID, EventTypes.INCIDENT_DECLARED, "/ledger-service", TIME, null, null, data);
        assertEquals(EventEnvelope.JSON_CONTENT_TYPE, defaulted.datacontenttype());
    }

    @Test
    void eventTypesMapTypesToPayloadClassesAndTopics() {
        // Producers pick topic and type from the payload class; the mapping is one to one.
        assertEquals(EventTypes.INCIDENT_DECLARED, EventTypes.typeOf(IncidentDeclared.class));
        assertEquals(IncidentDeclared.class, EventTypes.payloadClass(EventTypes.INCIDENT_DECLARED).orElseThrow());
        assertEquals(Topics.LEDGER_INCIDENTS, EventTypes.topicOf(EventTypes.INCIDENT_DECLARED));
        assertTrue(EventTypes.payloadClass("nope").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> EventTypes.typeOf(String.class));
    }
}

package dev.restitution.claims.incident;

import static dev.restitution.claims.ClaimsTestInfrastructure.rows;
import static dev.restitution.claims.ClaimsTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.contracts.events.IncidentDeclared;
import dev.restitution.contracts.events.IncidentDeclaredAsset;
import dev.restitution.kit.events.Topics;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IncidentEventsTest {

    private final EventCodec codec = new EventCodec();
    private final KafkaCompanion kafka = new KafkaCompanion(
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    private static IncidentDeclared declared(UUID incidentId, String title) {
        return new IncidentDeclared()
                .withIncidentId(incidentId)
                .withExchange("CoinEx")
                .withTitle(title)
                .withCutoffAt(OffsetDateTime.now(ZoneOffset.UTC).minusDays(1))
                .withAssets(List.of(new IncidentDeclaredAsset().withSymbol("ETH").withChainId(1L).withDecimals(18)))
                .withDeclaredBy("ian")
                .withDeclaredAt(OffsetDateTime.now(ZoneOffset.UTC));
    }

    private void publish(String eventId, IncidentDeclared payload) {
        publish(eventId, payload, payload.getIncidentId().toString());
    }

    private void publish(String eventId, IncidentDeclared payload, String partitionKey) {
        EventEnvelope event = codec.wrap(eventId, EventTypes.INCIDENT_DECLARED, "/ledger-service", Instant.now(),
                payload.getIncidentId().toString(), payload);
        // Exactly as ledger-service's outbox relay sends it, content-type header included.
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.LEDGER_INCIDENTS, partitionKey,
                codec.encode(event));
        record.headers().add("content-type", EventEnvelope.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        kafka.produceStrings().fromRecords(record).awaitCompletion(Duration.ofSeconds(10));
    }

    /** The list support reads holds every incident claims-service learnt of (a claimant's only those they can act on). */
    private static JsonPath incidentSeenBySupport(UUID incidentId) {
        JsonPath page = given().auth().oauth2(tokenFor(DemoUsers.SAM)).queryParam("limit", 200)
                .when().get("/incidents").then().statusCode(200).extract().jsonPath();
        return page.getList("items", Map.class).stream().anyMatch(item -> incidentId.toString().equals(item.get("id")))
                ? page : null;
    }

    @Test
    void declaredIncidentBecomesKnownToClaimsService() {
        // Why: a claimant can only claim against an incident claims-service has learnt of.
        UUID incidentId = UUID.randomUUID();
        publish(UUID.randomUUID().toString(), declared(incidentId, "Visible breach"));
        JsonPath page = await().atMost(Duration.ofSeconds(30)).until(() -> incidentSeenBySupport(incidentId),
                found -> found != null);
        assertEquals("Visible breach",
                page.getString("items.find { it.id == '" + incidentId + "' }.title"));
        assertEquals("ETH", page.getString("items.find { it.id == '" + incidentId + "' }.assets[0].symbol"));
    }

    @Test
    void redeliveredEventChangesNothing() {
        // Why: Kafka delivers at least once; the same event id twice must take effect once.
        UUID incidentId = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        publish(eventId, declared(incidentId, "Original title"));
        publish(eventId, declared(incidentId, "Changed on redelivery"));
        UUID marker = UUID.randomUUID();
        // Same key, same partition: once the marker is visible, both deliveries before it were consumed.
        publish(UUID.randomUUID().toString(), declared(marker, "Marker after the redelivery"), incidentId.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentSeenBySupport(marker) != null);
        JsonPath page = incidentSeenBySupport(incidentId);
        assertEquals("Original title", page.getString("items.find { it.id == '" + incidentId + "' }.title"));
        assertEquals(1, rows("incident where id = '" + incidentId + "'"));
        assertEquals(1, rows("processed_event where event_id = '" + eventId + "'"));
    }

    @Test
    void rolesOutsideClaimsAreRefused() {
        // Why: the incident list is for claimants, support and auditors; others get 403, anonymous 401.
        given().auth().oauth2(tokenFor(DemoUsers.FIONA)).when().get("/incidents")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        given().when().get("/incidents")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
    }
}

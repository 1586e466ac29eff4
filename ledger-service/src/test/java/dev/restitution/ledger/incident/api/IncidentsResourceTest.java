package dev.restitution.ledger.incident.api;

import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static dev.restitution.ledger.LedgerTestInfrastructure.realmUrl;
import static dev.restitution.ledger.LedgerTestInfrastructure.rows;
import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.contracts.events.IncidentDeclared;
import dev.restitution.kit.events.Topics;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.KeycloakAdmin;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IncidentsResourceTest {

    private static final String USDT = "0xdAC17F958D2ee523a2206206994597C13D831ec7";

    private final KafkaCompanion kafka = new KafkaCompanion(
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    private static String declaration(String title) {
        return """
                {"exchange": "CoinEx", "title": "%s", "cutoffAt": "%s",
                 "description": "Hot wallet keys stolen",
                 "assets": [{"symbol": "ETH", "chainId": 1, "decimals": 18},
                            {"symbol": "USDT", "chainId": 1, "tokenContract": "%s", "decimals": 6}]}
                """.formatted(title, Instant.now().minus(1, ChronoUnit.HOURS), USDT);
    }

    @Test
    void incidentAdminDeclaresAnIncidentAndItsEventLeavesThroughTheOutbox() {
        // Why: the declaration and its IncidentDeclared event must both exist, the event on Kafka.
        String title = "Breach " + System.nanoTime();
        var created = given().auth().oauth2(tokenFor(DemoUsers.IAN))
                .contentType(ContentType.JSON).body(declaration(title))
                .when().post("/incidents")
                .then().statusCode(201)
                .body("title", equalTo(title), "state", equalTo("DECLARED"),
                        "assets.symbol", containsInAnyOrder("ETH", "USDT"),
                        "assets.find { it.symbol == 'ETH' }.isNative", equalTo(true))
                .extract();
        String id = created.path("id");
        assertTrue(created.header("Location").endsWith("/incidents/" + id));

        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/incidents/" + id)
                .then().statusCode(200).body("exchange", equalTo("CoinEx"));

        EventCodec codec = new EventCodec();
        try (var consumer = kafka.consumeStrings().fromTopics(Topics.LEDGER_INCIDENTS)) {
            EventEnvelope event = await().atMost(Duration.ofSeconds(30)).until(
                    () -> consumer.getRecords().stream().map(record -> codec.decode(record.value()))
                            .filter(envelope -> id.equals(envelope.subject())).findFirst(),
                    Optional::isPresent).orElseThrow();
            assertEquals(EventTypes.INCIDENT_DECLARED, event.type());
            IncidentDeclared payload = codec.payload(event, IncidentDeclared.class);
            assertEquals(title, payload.getTitle());
            assertEquals(2, payload.getAssets().size());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> rows("outbox_event where published_at is null") == 0);
    }

    @Test
    void claimantCannotDeclareIncidentsAndNothingIsWritten() {
        // Why: only an incident-admin may declare; the service itself must refuse, not just the portal.
        long incidentsBefore = rows("incident");
        long eventsBefore = rows("outbox_event");
        given().auth().oauth2(tokenFor(DemoUsers.ALICE))
                .contentType(ContentType.JSON).body(declaration("Forbidden"))
                .when().post("/incidents")
                .then().statusCode(403).contentType("application/problem+json")
                .body("status", equalTo(403), "type", equalTo("/problems/forbidden"));
        assertEquals(incidentsBefore, rows("incident"));
        assertEquals(eventsBefore, rows("outbox_event"));
    }

    @Test
    void missingTokenIsUnauthorizedWithAProblemBody() {
        // Why: callers without a token get a machine-readable 401 and a bearer challenge.
        given().contentType(ContentType.JSON).body(declaration("No token"))
                .when().post("/incidents")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401));
        given().when().get("/incidents").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aTokenIssuedToAnotherApplicationOfTheRealmIsRefusedAndNothingIsWritten() {
        // Why: a token another application holds for ian carries his role, but was not issued for the ledger.
        String foreign = KeycloakAdmin.tokenOfAnotherApplication(realmUrl(), DemoUsers.IAN, DemoUsers.PASSWORD);
        long incidentsBefore = rows("incident");
        long eventsBefore = rows("outbox_event");
        given().auth().oauth2(foreign).contentType(ContentType.JSON).body(declaration("Another application's token"))
                .when().post("/incidents")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        given().auth().oauth2(foreign).when().get("/incidents").then().statusCode(401);
        assertEquals(incidentsBefore, rows("incident"));
        assertEquals(eventsBefore, rows("outbox_event"));
        given().auth().oauth2(tokenFor(DemoUsers.IAN)).when().get("/incidents").then().statusCode(200);
    }

    @Test
    void malformedDeclarationNamesEveryBadFieldAndWritesNothing() {
        // Why: an admin must see every mistake at once, and a refused declaration must leave no row and no event.
        long incidentsBefore = rows("incident");
        long eventsBefore = rows("outbox_event");
        given().filter(invalidRequestOnPurpose()).auth().oauth2(tokenFor(DemoUsers.IAN))
                .contentType(ContentType.JSON).body("""
                        {"exchange": "", "cutoffAt": "2026-01-01T00:00:00Z",
                         "assets": [{"symbol": "eth", "chainId": 0, "decimals": 99}]}""")
                .when().post("/incidents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("/problems/invalid-request"),
                        "errors.field", containsInAnyOrder("exchange", "title", "assets[0].symbol",
                                "assets[0].chainId", "assets[0].decimals"));
        given().auth().oauth2(tokenFor(DemoUsers.IAN))
                .contentType(ContentType.JSON).body(declaration("Bad checksum").replace(USDT, USDT.toLowerCase()))
                .when().post("/incidents")
                .then().statusCode(400)
                .body("errors.field", hasItem("assets[1].tokenContract"));
        given().filter(invalidRequestOnPurpose()).auth().oauth2(tokenFor(DemoUsers.IAN))
                .contentType(ContentType.JSON).body(declaration("Unknown field").replace("\"exchange\"", "\"surprise\": 1, \"exchange\""))
                .when().post("/incidents")
                .then().statusCode(400)
                .body("errors.field", hasItem("surprise"));
        given().filter(invalidRequestOnPurpose()).auth().oauth2(tokenFor(DemoUsers.IAN))
                .contentType(ContentType.JSON).body("{\"exchange\": ")
                .when().post("/incidents")
                .then().statusCode(400).contentType("application/problem+json");
        assertEquals(incidentsBefore, rows("incident"));
        assertEquals(eventsBefore, rows("outbox_event"));
    }

    @Test
    void listingIsPagedAndBounded() {
        // Why: lists must never be unbounded; a page size beyond the limit is a clear 400.
        given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON)
                .body(declaration("Paged")).post("/incidents").then().statusCode(201);
        given().auth().oauth2(tokenFor(DemoUsers.FIONA)).queryParam("limit", 1)
                .when().get("/incidents")
                .then().statusCode(200).body("items.size()", equalTo(1), "limit", equalTo(1));
        given().filter(invalidRequestOnPurpose()).auth().oauth2(tokenFor(DemoUsers.FIONA)).queryParams(Map.of("limit", 500))
                .when().get("/incidents")
                .then().statusCode(400).body("errors.field", hasItem("limit"));
    }

    @Test
    void unknownIncidentIsNotFoundWithAProblemBody() {
        // Why: a missing resource is a 404 problem, not an empty 200.
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY))
                .when().get("/incidents/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }
}

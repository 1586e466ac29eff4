package dev.restitution.payout.denylist;

import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static dev.restitution.payout.PayoutTestInfrastructure.rows;
import static dev.restitution.payout.PayoutTestInfrastructure.tokenFor;
import static dev.restitution.payout.instruction.PayoutFixture.freshAddress;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.contracts.events.DenylistChanged;
import dev.restitution.contracts.events.EntitlementIssued;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.payout.instruction.PayoutFixture;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DenylistResourceTest {

    private final PayoutFixture fixture = new PayoutFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(tokenFor(user));
    }

    private static Map<String, Object> entry(String address) {
        return Map.of("chainId", 31337, "address", address, "reason", "attacker address from the incident report");
    }

    private static String subject(String address) {
        return "31337:" + address.toLowerCase(Locale.ROOT);
    }

    @Test
    void anIncidentAdminListsAndUnlistsAnAddressAndEveryChangeIsAudited() {
        // Why: the denylist decides who is never paid; every change must be visible and traceable to a person.
        String address = freshAddress();
        as(DemoUsers.IAN).contentType(ContentType.JSON).body(entry(address))
                .when().post("/denylist")
                .then().statusCode(201).body("address", equalTo(address), "addedBy.username", equalTo("ian"));
        as(DemoUsers.IAN).contentType(ContentType.JSON).body(entry(address))
                .when().post("/denylist")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("/problems/already-denylisted"));
        for (String reader : new String[] {DemoUsers.FIONA, DemoUsers.FRANK, DemoUsers.AUDREY, DemoUsers.IAN}) {
            as(reader).queryParam("chainId", 31337).queryParam("limit", 200).when().get("/denylist")
                    .then().statusCode(200).body("items.address", hasItem(address));
        }
        as(DemoUsers.IAN).queryParam("reason", "cleared by compliance")
                .when().delete("/denylist/31337/" + address)
                .then().statusCode(204);
        as(DemoUsers.AUDREY).queryParam("chainId", 31337).queryParam("limit", 200).when().get("/denylist")
                .then().statusCode(200).body("items.address", not(hasItem(address)));
        as(DemoUsers.IAN).queryParam("reason", "again").when().delete("/denylist/31337/" + address)
                .then().statusCode(404).contentType("application/problem+json");
        assertEquals(1, rows("audit_entry where action = 'DENYLIST_ADDED' and subject_id = '" + subject(address)
                + "' and actor_username = 'ian'"));
        assertEquals(1, rows("audit_entry where action = 'DENYLIST_REMOVED' and subject_id = '" + subject(address)
                + "' and reason = 'cleared by compliance' and before_state like '%" + address + "%'"));
    }

    @Test
    void listingHoldsTheAddressPendingInstructionsAndUnlistingReleasesThem() {
        // Why: an address found to be the attacker's after its entitlement arrived must still never be batched.
        UUID incident = UUID.randomUUID();
        EntitlementIssued issued = fixture.pending(incident, "300");
        String address = issued.getPayoutAddress();
        as(DemoUsers.IAN).contentType(ContentType.JSON).body(entry(address)).when().post("/denylist")
                .then().statusCode(201);
        assertEquals(1, rows("payout_instruction where entitlement_id = '" + issued.getEntitlementId()
                + "' and state = 'HELD_DENIED'"));
        as(DemoUsers.FIONA).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("incidentId", incident.toString(), "chainId", 31337, "assetSymbol", "ETH"))
                .when().post("/batches")
                .then().statusCode(409).body("type", equalTo("/problems/nothing-to-batch"));
        as(DemoUsers.IAN).queryParam("reason", "wrong match").when().delete("/denylist/31337/" + address)
                .then().statusCode(204);
        assertEquals(1, rows("payout_instruction where entitlement_id = '" + issued.getEntitlementId()
                + "' and state = 'PENDING'"));
        assertEquals(1, rows("audit_entry where action = 'INSTRUCTION_RELEASED' and after_state like '%"
                + issued.getEntitlementId() + "%'"));
    }

    @Test
    void onlyAnIncidentAdminChangesTheDenylist() {
        // Why: the people who pay must not be the ones who decide who may be paid.
        String address = freshAddress();
        for (String user : new String[] {DemoUsers.FIONA, DemoUsers.FRANK, DemoUsers.AUDREY, DemoUsers.ALICE}) {
            as(user).contentType(ContentType.JSON).body(entry(address)).when().post("/denylist")
                    .then().statusCode(403).contentType("application/problem+json");
            as(user).queryParam("reason", "x").when().delete("/denylist/31337/" + address).then().statusCode(403);
        }
        as(DemoUsers.ALICE).when().get("/denylist").then().statusCode(403);
        given().when().get("/denylist").then().statusCode(401);
        assertEquals(0, rows("payout_denylist_entry where address = '" + address.toLowerCase(Locale.ROOT) + "'"));
    }

    @Test
    void badEntriesAreRefusedWithAProblemAndNothingIsWritten() {
        // Why: a mistyped address on the denylist would block nobody; it must be refused, not stored.
        String address = freshAddress();
        String lowercase = address.toLowerCase(Locale.ROOT);
        as(DemoUsers.IAN).contentType(ContentType.JSON).body(entry(lowercase)).when().post("/denylist")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("address"));
        as(DemoUsers.IAN).filter(invalidRequestOnPurpose()).contentType(ContentType.JSON).body(Map.of("chainId", 0, "address", address, "reason", "x"))
                .when().post("/denylist").then().statusCode(400);
        as(DemoUsers.IAN).filter(invalidRequestOnPurpose()).contentType(ContentType.JSON)
                .body(Map.of("chainId", 31337, "address", address, "reason", "x", "extra", true))
                .when().post("/denylist").then().statusCode(400);
        as(DemoUsers.IAN).filter(invalidRequestOnPurpose()).contentType(ContentType.JSON).body(Map.of("chainId", 31337, "address", address))
                .when().post("/denylist").then().statusCode(400);
        as(DemoUsers.IAN).filter(invalidRequestOnPurpose()).when().delete("/denylist/31337/" + address).then().statusCode(400);
        assertEquals(0, rows("payout_denylist_entry where address = '" + lowercase + "'"));
        assertEquals(0, rows("audit_entry where subject_id = '" + subject(address) + "'"));
    }

    @Test
    void anEntryForOneIncidentHoldsOnlyThatIncidentsInstructionsAndEveryChangeIsPublished() {
        // Why: an attacker of one incident may be owed by another; claims-service must learn every change to refuse the address too.
        UUID incident = UUID.randomUUID();
        EntitlementIssued issued = fixture.pending(incident, "300");
        String address = issued.getPayoutAddress();
        Map<String, Object> otherIncident = Map.of("chainId", 31337, "address", address,
                "incidentId", UUID.randomUUID().toString(), "reason", "attacker of another incident");
        as(DemoUsers.IAN).contentType(ContentType.JSON).body(otherIncident).when().post("/denylist")
                .then().statusCode(201).body("incidentId", equalTo(otherIncident.get("incidentId")));
        assertEquals(1, rows("payout_instruction where entitlement_id = '" + issued.getEntitlementId()
                + "' and state = 'PENDING'"));
        Map<String, Object> ownIncident = Map.of("chainId", 31337, "address", address,
                "incidentId", incident.toString(), "reason", "attacker of this incident");
        as(DemoUsers.IAN).contentType(ContentType.JSON).body(ownIncident).when().post("/denylist")
                .then().statusCode(201);
        assertEquals(1, rows("payout_instruction where entitlement_id = '" + issued.getEntitlementId()
                + "' and state = 'HELD_DENIED'"));
        as(DemoUsers.AUDREY).queryParam("incidentId", incident.toString()).queryParam("limit", 200)
                .when().get("/denylist").then().statusCode(200)
                .body("items.findAll { it.address == '" + address + "' }.incidentId", equalTo(java.util.List.of(
                        incident.toString())));
        as(DemoUsers.IAN).queryParam("reason", "wrong incident").queryParam("incidentId", otherIncident.get("incidentId"))
                .when().delete("/denylist/31337/" + address).then().statusCode(204);
        assertEquals(1, rows("payout_instruction where entitlement_id = '" + issued.getEntitlementId()
                + "' and state = 'HELD_DENIED'"));
        assertEquals(3, rows("outbox_event where event_type = 'dev.restitution.payout.denylist.changed.v1'"
                + " and topic = 'restitution.payout.denylist' and message_key = '" + subject(address) + "'"));
        String listedOwn = QuarkusTransaction.requiringNew().call(() -> (String) Panache.getEntityManager()
                .createNativeQuery("select payload from outbox_event where message_key = :key and payload like :incident")
                .setParameter("key", subject(address)).setParameter("incident", "%" + incident + "%")
                .getSingleResult());
        EventCodec codec = new EventCodec();
        DenylistChanged published = codec.payload(codec.decode(listedOwn), DenylistChanged.class);
        assertEquals(DenylistChanged.Change.ADDED, published.getChange());
        assertEquals(31337L, published.getChainId());
        assertEquals(address, published.getAddress());
        assertEquals(incident, published.getIncidentId());
        assertEquals(1, rows("outbox_event where message_key = '" + subject(address) + "' and payload like '%\"REMOVED\"%'"
                + " and payload like '%" + otherIncident.get("incidentId") + "%'"));
    }
}

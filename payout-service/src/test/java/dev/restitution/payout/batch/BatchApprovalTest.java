package dev.restitution.payout.batch;

import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static dev.restitution.payout.PayoutTestInfrastructure.realmUrl;
import static dev.restitution.payout.PayoutTestInfrastructure.rows;
import static dev.restitution.payout.PayoutTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.restitution.contracts.events.EntitlementIssued;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.KeycloakAdmin;
import dev.restitution.payout.instruction.PayoutFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BatchApprovalTest {

    /** 10 ETH is the configured threshold for a second approver; these stay below or go above it. */
    private static final String SMALL = "1000000000000000000";
    private static final String LARGE = "6000000000000000000";

    private final PayoutFixture fixture = new PayoutFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(tokenFor(user));
    }

    private static Map<String, Object> proposal(UUID incident) {
        return Map.of("incidentId", incident.toString(), "chainId", 31337, "assetSymbol", "ETH");
    }

    private static JsonPath propose(UUID incident) {
        return as(DemoUsers.FIONA).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(proposal(incident)).when().post("/batches")
                .then().statusCode(201).extract().jsonPath();
    }

    private static io.restassured.response.ValidatableResponse approve(String user, String batchId, String hash) {
        return as(user).contentType(ContentType.JSON).body(Map.of("itemsHash", hash))
                .when().post("/batches/" + batchId + "/approvals").then();
    }

    private static long orders(String batchId) {
        return rows("payment_order where batch_id = '" + batchId + "'");
    }

    @Test
    void aBatchIsFrozenByItsHashAndApprovedByAnotherPersonWhichQueuesItsOrders() {
        // Why: the approver signs off on exactly the items shown; only then may money move, one order per transaction.
        UUID incident = UUID.randomUUID();
        EntitlementIssued first = fixture.pending(incident, SMALL);
        EntitlementIssued second = fixture.pending(incident, "250");
        JsonPath proposed = propose(incident);
        String batchId = proposed.getString("batch.id");
        String hash = proposed.getString("batch.itemsHash");
        assertEquals("PROPOSED", proposed.getString("batch.state"));
        assertEquals(2, proposed.getInt("batch.itemCount"));
        assertEquals(2, proposed.getInt("batch.recipientCount"));
        assertEquals("1000000000000000250", proposed.getString("batch.totalMinorUnits"));
        assertEquals(1, proposed.getInt("batch.requiredApprovals"));
        assertEquals(List.of(first.getPayoutAddress(), second.getPayoutAddress()),
                proposed.getList("items.recipient", String.class));
        assertEquals(2, rows("payout_instruction where incident_id = '" + incident + "' and state = 'BATCHED' and batch_id = '"
                + batchId + "'"));
        assertEquals(0, orders(batchId));

        approve(DemoUsers.FRANK, batchId, hash)
                .statusCode(200)
                .body("batch.state", equalTo("APPROVED"), "batch.approvals", hasSize(1),
                        "batch.approvals[0].approvedBy.username", equalTo("frank"), "batch.decidedAt", notNullValue(),
                        "items.orderId", everyItem(notNullValue()));
        // Fresh native recipients go as plain transfers: one order, one transaction each.
        assertEquals(2, orders(batchId));
        assertEquals(1, rows("audit_entry where action = 'BATCH_APPROVED' and subject_id = '" + batchId + "'"));
        assertEquals(1, rows("audit_entry where action = 'BATCH_PROPOSED' and subject_id = '" + batchId + "'"));
        approve(DemoUsers.FAY, batchId, hash).statusCode(409).body("type", equalTo("/problems/batch-not-proposed"));
        assertEquals(2, orders(batchId));
        as(DemoUsers.AUDREY).queryParam("limit", 1).queryParam("offset", 1).when().get("/batches/" + batchId)
                .then().statusCode(200).body("items", hasSize(1), "items[0].position", equalTo(1),
                        "items[0].instructionState", equalTo("BATCHED"), "batch.itemsHash", equalTo(hash));
    }

    @Test
    @TestSecurity(user = "dana", roles = {"finance-operator", "finance-approver"})
    @OidcSecurity(claims = {@Claim(key = "sub", value = "dana-subject"), @Claim(key = "preferred_username", value = "dana")})
    void approvingOwnBatchIsRefusedAndTheRefusalIsAudited() {
        // Why: maker-checker is about persons, not roles: someone holding both roles still cannot approve their own batch.
        UUID incident = UUID.randomUUID();
        fixture.pending(incident, SMALL);
        JsonPath proposed = given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(proposal(incident)).when().post("/batches").then().statusCode(201).extract().jsonPath();
        String batchId = proposed.getString("batch.id");
        given().contentType(ContentType.JSON).body(Map.of("itemsHash", proposed.getString("batch.itemsHash")))
                .when().post("/batches/" + batchId + "/approvals")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("/problems/self-approval"));
        assertEquals(1, rows("audit_entry where action = 'BATCH_SELF_APPROVAL_REFUSED' and subject_id = '" + batchId
                + "' and actor_subject_id = 'dana-subject' and actor_username = 'dana'"));
        assertEquals(0, rows("payout_batch_approval where batch_id = '" + batchId + "'"));
        assertEquals(1, rows("payout_batch where id = '" + batchId + "' and state = 'PROPOSED'"));
        assertEquals(0, orders(batchId));
    }

    @Test
    void approvingAStaleOrChangedHashIsRefusedAndChangesNothing() {
        // Why: an approval of anything but the exact items frozen in the batch must not move money.
        UUID incident = UUID.randomUUID();
        fixture.pending(incident, SMALL);
        JsonPath proposed = propose(incident);
        String batchId = proposed.getString("batch.id");
        String hash = proposed.getString("batch.itemsHash");
        String other = "0x" + (hash.charAt(2) == 'a' ? "b" : "a") + hash.substring(3);
        approve(DemoUsers.FRANK, batchId, other)
                .statusCode(409).contentType("application/problem+json").body("type", equalTo("/problems/stale-items-hash"));
        as(DemoUsers.FRANK).filter(invalidRequestOnPurpose()).contentType(ContentType.JSON).body(Map.of("itemsHash", "0x1234"))
                .when().post("/batches/" + batchId + "/approvals").then().statusCode(400).contentType("application/problem+json");
        assertEquals(0, rows("payout_batch_approval where batch_id = '" + batchId + "'"));
        assertEquals(1, rows("payout_batch where id = '" + batchId + "' and state = 'PROPOSED'"));
        assertEquals(0, orders(batchId));
    }

    @Test
    void aBatchAboveTheThresholdNeedsTwoDistinctApprovers() {
        // Why: large payouts need a second pair of eyes; the same approver twice is still one pair.
        UUID incident = UUID.randomUUID();
        fixture.pending(incident, LARGE);
        fixture.pending(incident, LARGE);
        JsonPath proposed = propose(incident);
        String batchId = proposed.getString("batch.id");
        String hash = proposed.getString("batch.itemsHash");
        assertEquals(2, proposed.getInt("batch.requiredApprovals"));
        approve(DemoUsers.FRANK, batchId, hash).statusCode(200)
                .body("batch.state", equalTo("PROPOSED"), "batch.approvals", hasSize(1));
        assertEquals(0, orders(batchId));
        approve(DemoUsers.FRANK, batchId, hash).statusCode(409).body("type", equalTo("/problems/already-approved"));
        assertEquals(0, orders(batchId));
        approve(DemoUsers.FAY, batchId, hash).statusCode(200)
                .body("batch.state", equalTo("APPROVED"), "batch.approvals", hasSize(2));
        assertEquals(2, orders(batchId));
        assertEquals(1, rows("audit_entry where action = 'BATCH_APPROVAL_RECORDED' and subject_id = '" + batchId + "'"));
    }

    @Test
    void cancellingVoidsApprovalsAndTheRebuiltBatchNeedsThemAgain() {
        // Why: an approval belongs to the batch and hash it was given for; a rebuilt batch is reviewed anew.
        UUID incident = UUID.randomUUID();
        fixture.pending(incident, LARGE);
        fixture.pending(incident, LARGE);
        JsonPath proposed = propose(incident);
        String batchId = proposed.getString("batch.id");
        String hash = proposed.getString("batch.itemsHash");
        approve(DemoUsers.FRANK, batchId, hash).statusCode(200);
        as(DemoUsers.FIONA).contentType(ContentType.JSON).body(Map.of("reason", "one recipient asked to wait"))
                .when().post("/batches/" + batchId + "/cancellation")
                .then().statusCode(200).body("batch.state", equalTo("CANCELLED"), "batch.decidedAt", notNullValue());
        assertEquals(2, rows("payout_instruction where incident_id = '" + incident + "' and state = 'PENDING'"));
        approve(DemoUsers.FAY, batchId, hash).statusCode(409).body("type", equalTo("/problems/batch-not-proposed"));
        assertEquals(0, orders(batchId));

        JsonPath rebuilt = propose(incident);
        String rebuiltId = rebuilt.getString("batch.id");
        assertNotEquals(batchId, rebuiltId);
        assertEquals(0, rebuilt.getList("batch.approvals").size());
        approve(DemoUsers.FAY, rebuiltId, rebuilt.getString("batch.itemsHash")).statusCode(200)
                .body("batch.state", equalTo("PROPOSED"));
        assertEquals(0, orders(rebuiltId));
        assertEquals(1, rows("audit_entry where action = 'BATCH_CANCELLED' and subject_id = '" + batchId
                + "' and reason = 'one recipient asked to wait'"));
    }

    @Test
    void aRecipientDenylistedAfterTheProposalBlocksTheApproval() {
        // Why: an address found to be the attacker's between proposal and approval must not be paid.
        UUID incident = UUID.randomUUID();
        EntitlementIssued attacker = fixture.pending(incident, SMALL);
        fixture.pending(incident, "5");
        JsonPath proposed = propose(incident);
        String batchId = proposed.getString("batch.id");
        as(DemoUsers.IAN).contentType(ContentType.JSON)
                .body(Map.of("chainId", 31337, "address", attacker.getPayoutAddress(), "reason", "attacker"))
                .when().post("/denylist").then().statusCode(201);
        approve(DemoUsers.FRANK, batchId, proposed.getString("batch.itemsHash"))
                .statusCode(409).body("type", equalTo("/problems/denylisted-recipient"));
        assertEquals(0, orders(batchId));
        assertEquals(0, rows("payout_batch_approval where batch_id = '" + batchId + "'"));
        assertEquals(1, rows("audit_entry where action = 'BATCH_APPROVAL_REFUSED_DENYLISTED' and subject_id = '"
                + batchId + "'"));
        // Cancelled and proposed again, the denylisted instruction stays held and out of the batch.
        as(DemoUsers.FIONA).contentType(ContentType.JSON).body(Map.of("reason", "denylisted recipient"))
                .when().post("/batches/" + batchId + "/cancellation").then().statusCode(200);
        JsonPath rebuilt = propose(incident);
        assertEquals(1, rebuilt.getInt("batch.itemCount"));
        assertEquals("5", rebuilt.getString("batch.totalMinorUnits"));
        assertEquals(1, rows("payout_instruction where entitlement_id = '" + attacker.getEntitlementId()
                + "' and state = 'HELD_DENIED'"));
    }

    @Test
    void onlyTheRightRolesProposeApproveCancelAndRead() {
        // Why: the service itself enforces who may do what; an operator cannot approve, an approver cannot propose.
        UUID incident = UUID.randomUUID();
        fixture.pending(incident, SMALL);
        for (String user : new String[] {DemoUsers.FRANK, DemoUsers.AUDREY, DemoUsers.IAN, DemoUsers.ALICE}) {
            as(user).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(proposal(incident)).when().post("/batches")
                    .then().statusCode(403).contentType("application/problem+json");
        }
        assertEquals(0, rows("payout_batch where incident_id = '" + incident + "'"));
        JsonPath proposed = propose(incident);
        String batchId = proposed.getString("batch.id");
        String hash = proposed.getString("batch.itemsHash");
        for (String user : new String[] {DemoUsers.FIONA, DemoUsers.AUDREY, DemoUsers.IAN, DemoUsers.ALICE}) {
            approve(user, batchId, hash).statusCode(403).contentType("application/problem+json");
        }
        // Cancelling is the proposing side's: an approver declines by not approving.
        for (String user : new String[] {DemoUsers.FRANK, DemoUsers.AUDREY, DemoUsers.IAN, DemoUsers.ALICE}) {
            as(user).contentType(ContentType.JSON).body(Map.of("reason", "no"))
                    .when().post("/batches/" + batchId + "/cancellation").then().statusCode(403);
        }
        as(DemoUsers.ALICE).when().get("/batches/" + batchId).then().statusCode(403);
        as(DemoUsers.IAN).when().get("/batches").then().statusCode(403);
        given().when().get("/batches/" + batchId).then().statusCode(401);
        as(DemoUsers.AUDREY).when().get("/batches/" + batchId).then().statusCode(200);
        assertEquals(0, rows("payout_batch_approval where batch_id = '" + batchId + "'"));
        assertEquals(1, rows("payout_batch where id = '" + batchId + "' and state = 'PROPOSED'"));
    }

    @Test
    void anApprovalWithATokenIssuedToAnotherApplicationOfTheRealmIsRefusedAndRecordsNothing() {
        // Why: a token another application holds for frank carries his approver role, but was not issued for payouts.
        UUID incident = UUID.randomUUID();
        fixture.pending(incident, SMALL);
        JsonPath proposed = propose(incident);
        String batchId = proposed.getString("batch.id");
        String foreign = KeycloakAdmin.tokenOfAnotherApplication(realmUrl(), DemoUsers.FRANK, DemoUsers.PASSWORD);
        given().auth().oauth2(foreign).contentType(ContentType.JSON)
                .body(Map.of("itemsHash", proposed.getString("batch.itemsHash")))
                .when().post("/batches/" + batchId + "/approvals")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        given().auth().oauth2(foreign).when().get("/batches/" + batchId).then().statusCode(401);
        assertEquals(0, rows("payout_batch_approval where batch_id = '" + batchId + "'"));
        assertEquals(1, rows("payout_batch where id = '" + batchId + "' and state = 'PROPOSED'"));
        assertEquals(0, orders(batchId));
    }

    @Test
    void theBatchesOfOneIncidentAreListedAloneAndAMalformedIncidentIdIsABadRequest() {
        // Why: an incident's page must show that incident's payouts only, never another incident's batch.
        UUID incident = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        fixture.pending(incident, SMALL);
        String first = propose(incident).getString("batch.id");
        fixture.pending(other, SMALL);
        String elsewhere = propose(other).getString("batch.id");
        fixture.pending(incident, "7");
        String second = propose(incident).getString("batch.id");

        as(DemoUsers.AUDREY).queryParam("incidentId", incident.toString()).when().get("/batches")
                .then().statusCode(200).body("total", equalTo(2), "items.id", equalTo(List.of(second, first)),
                        "items.incidentId", everyItem(equalTo(incident.toString())));
        as(DemoUsers.FIONA).queryParam("incidentId", incident.toString()).queryParam("limit", 1).queryParam("offset", 1)
                .when().get("/batches").then().statusCode(200)
                .body("total", equalTo(2), "items.id", equalTo(List.of(first)));
        as(DemoUsers.FRANK).queryParam("incidentId", other.toString()).when().get("/batches")
                .then().statusCode(200).body("total", equalTo(1), "items.id", equalTo(List.of(elsewhere)));
        as(DemoUsers.FRANK).queryParam("incidentId", UUID.randomUUID().toString()).when().get("/batches")
                .then().statusCode(200).body("total", equalTo(0), "items", hasSize(0));
        // "1-2-3-4-5" passes the request validator (Java's lenient UUID parser) though it is no UUID: sent unmarked.
        for (String malformed : new String[] {"not-an-id", "1-2-3-4-5", incident + "0"}) {
            ("1-2-3-4-5".equals(malformed) ? as(DemoUsers.AUDREY) : as(DemoUsers.AUDREY).filter(invalidRequestOnPurpose()))
                    .queryParam("incidentId", malformed).when().get("/batches")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", equalTo(List.of("incidentId")));
        }
        as(DemoUsers.IAN).queryParam("incidentId", incident.toString()).when().get("/batches").then().statusCode(403);
        // Listing writes nothing: both batches of the incident are still waiting for approval.
        assertEquals(2, rows("payout_batch where incident_id = '" + incident + "' and state = 'PROPOSED'"));
    }

    @Test
    void oneIdempotencyKeyProposesOneBatch() {
        // Why: a retried proposal must answer the batch already proposed, not freeze a second one.
        UUID incident = UUID.randomUUID();
        fixture.pending(incident, SMALL);
        String key = UUID.randomUUID().toString();
        String first = as(DemoUsers.FIONA).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(proposal(incident)).when().post("/batches").then().statusCode(201).extract().path("batch.id");
        as(DemoUsers.FIONA).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(proposal(incident)).when().post("/batches").then().statusCode(200).body("batch.id", equalTo(first));
        as(DemoUsers.FIONA).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(proposal(UUID.randomUUID())).when().post("/batches")
                .then().statusCode(409).body("type", equalTo("/problems/idempotency-key-reused"));
        assertEquals(1, rows("payout_batch where incident_id = '" + incident + "'"));
    }

    @Test
    void badProposalsAreRefusedWithAProblemAndNothingIsWritten() {
        // Why: a malformed or impossible proposal is a clear 4xx and freezes nothing.
        UUID incident = UUID.randomUUID();
        fixture.pending(incident, SMALL);
        as(DemoUsers.FIONA).filter(invalidRequestOnPurpose()).contentType(ContentType.JSON).body(proposal(incident)).when().post("/batches")
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("Idempotency-Key"));
        as(DemoUsers.FIONA).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("incidentId", incident.toString(), "chainId", 1, "assetSymbol", "ETH"))
                .when().post("/batches").then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("chainId"));
        as(DemoUsers.FIONA).filter(invalidRequestOnPurpose()).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("incidentId", incident.toString(), "chainId", 31337, "assetSymbol", "eth"))
                .when().post("/batches").then().statusCode(400);
        as(DemoUsers.FIONA).filter(invalidRequestOnPurpose()).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("incidentId", incident.toString(), "chainId", 31337, "assetSymbol", "ETH", "items", 3))
                .when().post("/batches").then().statusCode(400);
        as(DemoUsers.FIONA).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(proposal(UUID.randomUUID())).when().post("/batches")
                .then().statusCode(409).body("type", equalTo("/problems/nothing-to-batch"));
        as(DemoUsers.FRANK).contentType(ContentType.JSON).body(Map.of("itemsHash", "0x" + "0".repeat(64)))
                .when().post("/batches/" + UUID.randomUUID() + "/approvals").then().statusCode(404);
        assertEquals(0, rows("payout_batch where incident_id = '" + incident + "'"));
        assertEquals(1, rows("payout_instruction where incident_id = '" + incident + "' and state = 'PENDING'"));
        as(DemoUsers.FIONA).when().get("/batches").then().statusCode(200)
                .body("items.itemsHash", everyItem(matchesPattern("^0x[0-9a-f]{64}$")));
    }
}

package dev.restitution.payout.execution;

import static dev.restitution.payout.PayoutTestInfrastructure.rows;
import static dev.restitution.payout.PayoutTestInfrastructure.tokenFor;
import static dev.restitution.payout.execution.ExecutionFixture.driveToEnd;
import static dev.restitution.payout.execution.ExecutionFixture.nativeBalance;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.contracts.events.EntitlementIssued;
import dev.restitution.contracts.events.PayoutAddressChangeCancelled;
import dev.restitution.contracts.events.PayoutAddressChanged;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import dev.restitution.payout.engine.TransactionEngine;
import dev.restitution.payout.instruction.PayoutFixture;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;

/**
 * A claimant's payout address change as payout-service applies it: nothing is paid on the claim's chain during the
 * cool-down, a batch not yet signed holding the old address is cancelled, and the money goes to the new address after
 * effectiveAt (plus the test profile's 1 s grace), or to the earlier one when the change is cancelled. Where each
 * instruction's money is: in its instruction row (state and address), in a batch, or in a confirmed order on anvil.
 */
@QuarkusTest
class PayoutAddressChangeTest {

    private static final String AMOUNT = "1000000000000000";
    private final PayoutFixture fixture = new PayoutFixture();

    @Inject
    TransactionEngine execution;
    @Inject
    Web3j web3j;

    @AfterEach
    void close() {
        fixture.close();
    }

    private EntitlementIssued pendingOfClaim(UUID incident, UUID claim, String address) {
        return fixture.issued(PayoutFixture.entitlement(incident, address, AMOUNT).withClaimId(claim));
    }

    /** A column of the entitlement's instruction, as text. */
    private static String instruction(EntitlementIssued entitlement, String column) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object value = Panache.getEntityManager().createNativeQuery("select cast(" + column
                            + " as text) from payout_instruction where entitlement_id = :id")
                    .setParameter("id", entitlement.getEntitlementId()).getSingleResult();
            return value == null ? "" : value.toString().trim();
        });
    }

    private void publish(String type, UUID claim, Object payload, String eventId) {
        EventEnvelope event = fixture.codec.wrap(eventId, type, "/claims-service", Instant.now(), claim.toString(),
                payload);
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.CLAIMS_CLAIMS, claim.toString(),
                fixture.codec.encode(event));
        record.headers().add("content-type", EventEnvelope.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        fixture.kafka.produceStrings().fromRecords(record).awaitCompletion(Duration.ofSeconds(10));
    }

    private String changed(UUID incident, UUID claim, String from, String to, Instant effectiveAt) {
        String eventId = UUID.randomUUID().toString();
        publish(EventTypes.PAYOUT_ADDRESS_CHANGED, claim, new PayoutAddressChanged().withClaimId(claim)
                .withIncidentId(incident).withAccountId("ACC-000001").withChainId(PayoutFixture.CHAIN)
                .withPreviousAddress(from).withAddress(to).withEffectiveAt(effectiveAt.atOffset(ZoneOffset.UTC)), eventId);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                rows("payout_address_change where event_id = '" + eventId + "'") == 1);
        return eventId;
    }

    private static JsonPath propose(UUID incident, int status) {
        return given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("incidentId", incident.toString(), "chainId", PayoutFixture.CHAIN, "assetSymbol", "ETH"))
                .when().post("/batches").then().statusCode(status).extract().jsonPath();
    }

    private static JsonPath approve(JsonPath proposed) {
        return given().auth().oauth2(tokenFor(DemoUsers.FRANK)).contentType(ContentType.JSON)
                .body(Map.of("itemsHash", proposed.getString("batch.itemsHash")))
                .when().post("/batches/" + proposed.getString("batch.id") + "/approvals")
                .then().statusCode(200).body("batch.state", equalTo("APPROVED")).extract().jsonPath();
    }

    @Test
    void anApprovedBatchHoldingTheOldAddressIsCancelledAndTheMoneyGoesToTheNewAddressOnlyAfterTheCoolDown()
            throws Exception {
        // Why: an account taken over must not redirect money at once, and an approval of the old address is void.
        UUID incident = UUID.randomUUID();
        UUID claim = UUID.randomUUID();
        String oldAddress = PayoutFixture.freshAddress();
        String newAddress = PayoutFixture.freshAddress();
        EntitlementIssued changing = pendingOfClaim(incident, claim, oldAddress);
        EntitlementIssued other = fixture.pending(incident, AMOUNT);
        JsonPath approved = approve(propose(incident, 201));
        String batchId = approved.getString("batch.id");
        assertEquals(2, rows("payment_order where batch_id = '" + batchId + "' and state = 'QUEUED'"));

        Instant effectiveAt = Instant.now().plusSeconds(5);
        String eventId = changed(incident, claim, oldAddress, newAddress, effectiveAt);
        // The approved batch is cancelled before anything of it was signed: its orders fail unsigned, approvals void.
        assertEquals(1, rows("payout_batch where id = '" + batchId + "' and state = 'CANCELLED'"));
        assertEquals(2, rows("payment_order where batch_id = '" + batchId + "' and state = 'FAILED'"));
        assertEquals(1, rows("audit_entry where action = 'BATCH_CANCELLED' and subject_id = '" + batchId + "'"));
        // Money of the changing claim: in its instruction, waiting; the other claim's: proposed again in a new batch.
        assertEquals("WAITING_ADDRESS", instruction(changing, "state"));
        assertEquals(oldAddress, instruction(changing, "payout_address"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "BATCHED".equals(instruction(other, "state")));
        String reproposed = instruction(other, "batch_id");
        assertTrue(!reproposed.equals(batchId), "the other instruction is in a new batch");
        assertEquals(1, rows("payout_batch where id = '" + reproposed + "' and state = 'PROPOSED'"));
        // During the cool-down nothing of the claim can be batched.
        propose(incident, 409);
        assertTrue(Instant.now().isBefore(effectiveAt), "checked within the cool-down");
        assertEquals("WAITING_ADDRESS", instruction(changing, "state"));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> "PENDING".equals(instruction(changing, "state")));
        assertTrue(Instant.now().isAfter(effectiveAt), "released only after effectiveAt");
        assertEquals(newAddress, instruction(changing, "payout_address"));
        assertEquals(1, rows("payout_address_change where event_id = '" + eventId + "' and state = 'APPLIED'"));
        JsonPath paying = approve(propose(incident, 201));
        assertEquals(List.of(newAddress), paying.getList("items.recipient", String.class));
        UUID orderId = UUID.fromString(paying.getString("items[0].orderId"));
        driveToEnd(execution, orderId, "CONFIRMED");
        assertEquals(new BigInteger(AMOUNT), nativeBalance(web3j, newAddress));
        assertEquals(BigInteger.ZERO, nativeBalance(web3j, oldAddress));
    }

    @Test
    void aCancelledChangeIsNeverPaidToTheNewAddressAndTheEarlierAddressIsPaid() throws Exception {
        // Why: the claimant's cancel of a change they did not make must keep the money on its way to them.
        UUID incident = UUID.randomUUID();
        UUID claim = UUID.randomUUID();
        String oldAddress = PayoutFixture.freshAddress();
        String newAddress = PayoutFixture.freshAddress();
        EntitlementIssued changing = pendingOfClaim(incident, claim, oldAddress);
        Instant effectiveAt = Instant.now().plusSeconds(3);
        String changeId = changed(incident, claim, oldAddress, newAddress, effectiveAt);
        assertEquals("WAITING_ADDRESS", instruction(changing, "state"));
        String cancelId = UUID.randomUUID().toString();
        publish(EventTypes.PAYOUT_ADDRESS_CHANGE_CANCELLED, claim, new PayoutAddressChangeCancelled().withClaimId(claim)
                .withIncidentId(incident).withAccountId("ACC-000001").withChainId(PayoutFixture.CHAIN)
                .withCancelledAddress(newAddress).withAddress(oldAddress), cancelId);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PENDING".equals(instruction(changing, "state")));
        // Redelivered under the same id: changes nothing.
        publish(EventTypes.PAYOUT_ADDRESS_CHANGE_CANCELLED, claim, new PayoutAddressChangeCancelled().withClaimId(claim)
                .withIncidentId(incident).withAccountId("ACC-000001").withChainId(PayoutFixture.CHAIN)
                .withCancelledAddress(newAddress).withAddress(oldAddress), cancelId);
        Thread.sleep(Duration.between(Instant.now(), effectiveAt).plusSeconds(3).toMillis());
        assertEquals("PENDING", instruction(changing, "state"));
        assertEquals(oldAddress, instruction(changing, "payout_address"));
        assertEquals(1, rows("payout_address_change where event_id = '" + changeId + "' and state = 'CANCELLED'"));
        assertEquals(1, rows("audit_entry where action = 'PAYOUT_ADDRESS_CHANGE_CANCELLED' and subject_id = '"
                + changeId + "'"));
        JsonPath paying = approve(propose(incident, 201));
        assertEquals(List.of(oldAddress), paying.getList("items.recipient", String.class));
        driveToEnd(execution, UUID.fromString(paying.getString("items[0].orderId")), "CONFIRMED");
        assertEquals(new BigInteger(AMOUNT), nativeBalance(web3j, oldAddress));
        assertEquals(BigInteger.ZERO, nativeBalance(web3j, newAddress));
    }

    @Test
    void aBatchAlreadySignedIsNotTouchedAndPaysTheAddressItHolds() throws Exception {
        // Why: a transaction that may be on the chain cannot be called back; the change applies to what comes after.
        UUID incident = UUID.randomUUID();
        UUID claim = UUID.randomUUID();
        String oldAddress = PayoutFixture.freshAddress();
        String newAddress = PayoutFixture.freshAddress();
        EntitlementIssued changing = pendingOfClaim(incident, claim, oldAddress);
        JsonPath approved = approve(propose(incident, 201));
        UUID orderId = UUID.fromString(approved.getString("items[0].orderId"));
        execution.advance(orderId);
        assertTrue(!"QUEUED".equals(execution.state(orderId).name()), "the order is signed");
        changed(incident, claim, oldAddress, newAddress, Instant.now().plusSeconds(2));
        assertEquals(1, rows("payout_batch where id = '" + approved.getString("batch.id") + "' and state = 'APPROVED'"));
        assertEquals("BATCHED", instruction(changing, "state"));
        driveToEnd(execution, orderId, "CONFIRMED");
        assertEquals(new BigInteger(AMOUNT), nativeBalance(web3j, oldAddress));
        // A later entitlement of the claim waits for the change, then pays the new address.
        EntitlementIssued later = pendingOfClaim(incident, claim, oldAddress);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PENDING".equals(instruction(later, "state")));
        assertEquals(newAddress, instruction(later, "payout_address"));
    }
}

package dev.restitution.payout.settlement;

import static dev.restitution.payout.PayoutTestInfrastructure.rows;
import static dev.restitution.payout.PayoutTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.payout.execution.PaymentConfirmed;
import dev.restitution.payout.execution.PaymentFailed;
import dev.restitution.payout.id.BatchId;
import dev.restitution.payout.instruction.PayoutFixture;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The batches side of confirmed payments, driven by the event execution fires in its confirming transaction. */
@QuarkusTest
class SettlementReportsTest {

    @Inject
    Event<PaymentConfirmed> confirmations;

    @Inject
    Event<PaymentFailed> failures;

    private final PayoutFixture fixture = new PayoutFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static String txHash() {
        return "0x" + (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    /** A proposed and approved batch of two fresh native recipients: two plain-transfer orders. */
    private JsonPath approvedBatch() {
        UUID incident = UUID.randomUUID();
        fixture.pending(incident, "100");
        fixture.pending(incident, "200");
        JsonPath proposed = given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("incidentId", incident.toString(), "chainId", 31337, "assetSymbol", "ETH"))
                .when().post("/batches").then().statusCode(201).extract().jsonPath();
        return given().auth().oauth2(tokenFor(DemoUsers.FRANK)).contentType(ContentType.JSON)
                .body(Map.of("itemsHash", proposed.getString("batch.itemsHash")))
                .when().post("/batches/" + proposed.getString("batch.id") + "/approvals")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aFailedOrderFailsItsInstructionsAndTheBatchAndAnnouncesItOnce() {
        // Why: nothing was paid for a failed transaction; finance and the other services must learn it exactly once.
        JsonPath approved = approvedBatch();
        String batchId = approved.getString("batch.id");
        UUID orderId = UUID.fromString(approved.getString("items[0].orderId"));
        for (int delivery = 0; delivery < 2; delivery++) {
            QuarkusTransaction.requiringNew().run(() -> failures.fire(
                    new PaymentFailed(orderId, new BatchId(UUID.fromString(batchId)), "transaction reverted on-chain", Instant.now())));
        }
        assertEquals(1, rows("outbox_event where message_key = '" + batchId
                + "' and event_type = 'dev.restitution.payout.batch.failed.v1' and payload like '%reverted on-chain%'"));
        assertEquals(1, rows("payout_instruction where batch_id = '" + batchId + "' and state = 'FAILED'"
                + " and failure_reason = 'transaction reverted on-chain'"));
        assertEquals(1, rows("payout_instruction where batch_id = '" + batchId + "' and state = 'BATCHED'"));
        assertEquals(1, rows("payout_batch where id = '" + batchId + "' and state = 'FAILED'"));
        assertEquals(1, rows("audit_entry where action = 'BATCH_FAILED' and subject_id = '" + batchId + "'"));
    }

    private void confirm(UUID orderId, UUID batchId, String txHash) {
        QuarkusTransaction.requiringNew().run(() ->
                confirmations.fire(new PaymentConfirmed(orderId, new BatchId(batchId), txHash, 77, Instant.now())));
    }

    @Test
    void eachConfirmedOrderSettlesItsEntitlementsOnceAndTheBatchIsPaidWithTheLast() {
        // Why: the ledger and claims book what PayoutSettled says; each transaction must be announced exactly once.
        UUID incident = UUID.randomUUID();
        fixture.pending(incident, "100");
        fixture.pending(incident, "200");
        JsonPath proposed = given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("incidentId", incident.toString(), "chainId", 31337, "assetSymbol", "ETH"))
                .when().post("/batches").then().statusCode(201).extract().jsonPath();
        String batchId = proposed.getString("batch.id");
        JsonPath approved = given().auth().oauth2(tokenFor(DemoUsers.FRANK)).contentType(ContentType.JSON)
                .body(Map.of("itemsHash", proposed.getString("batch.itemsHash")))
                .when().post("/batches/" + batchId + "/approvals").then().statusCode(200).extract().jsonPath();
        List<String> orders = approved.getList("items.orderId", String.class);
        assertEquals(2, orders.stream().distinct().count());

        String firstTx = txHash();
        confirm(UUID.fromString(orders.get(0)), UUID.fromString(batchId), firstTx);
        confirm(UUID.fromString(orders.get(0)), UUID.fromString(batchId), firstTx);
        assertEquals(1, rows("outbox_event where message_key = '" + batchId
                + "' and event_type = 'dev.restitution.payout.batch.settled.v1' and payload like '%" + firstTx + "%'"));
        assertEquals(1, rows("outbox_event where message_key = '" + batchId
                + "' and payload like '%eip155:31337/slip44:60%'"), "the batch's asset by CAIP-19 id");
        assertEquals(1, rows("payout_instruction where batch_id = '" + batchId + "' and state = 'PAID' and tx_hash = '"
                + firstTx + "' and block_number = 77"));
        assertEquals(1, rows("payout_batch where id = '" + batchId + "' and state = 'APPROVED'"));

        String secondTx = txHash();
        confirm(UUID.fromString(orders.get(1)), UUID.fromString(batchId), secondTx);
        assertEquals(2, rows("outbox_event where message_key = '" + batchId + "'"));
        assertEquals(1, rows("payout_batch where id = '" + batchId + "' and state = 'PAID'"));
        assertEquals(1, rows("audit_entry where action = 'BATCH_PAID' and subject_id = '" + batchId + "'"));
        assertEquals(2, rows("audit_entry where action = 'INSTRUCTION_PAID' and after_state like '%" + batchId + "%'"));
    }
}

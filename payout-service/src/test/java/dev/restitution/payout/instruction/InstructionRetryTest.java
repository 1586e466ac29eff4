package dev.restitution.payout.instruction;

import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static dev.restitution.payout.PayoutTestInfrastructure.execute;
import static dev.restitution.payout.PayoutTestInfrastructure.rows;
import static dev.restitution.payout.PayoutTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.payout.execution.PaymentFailed;
import dev.restitution.payout.id.BatchId;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retrying a failed payment: a FAILED instruction goes back to PENDING for a new batch, but never while the
 * transaction its failed order signed could still be mined. The execution side's order and transaction rows are
 * set up as execution writes them (signed, then failed; mined and reverted).
 */
@QuarkusTest
class InstructionRetryTest {

    @Inject
    Event<PaymentFailed> failures;

    private final PayoutFixture fixture = new PayoutFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static JsonPath proposeAndApprove(UUID incident) {
        JsonPath proposed = given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("incidentId", incident.toString(), "chainId", 31337, "assetSymbol", "ETH"))
                .when().post("/batches").then().statusCode(201).extract().jsonPath();
        return given().auth().oauth2(tokenFor(DemoUsers.FRANK)).contentType(ContentType.JSON)
                .body(Map.of("itemsHash", proposed.getString("batch.itemsHash")))
                .when().post("/batches/" + proposed.getString("batch.id") + "/approvals")
                .then().statusCode(200).extract().jsonPath();
    }

    private static io.restassured.response.ValidatableResponse retry(String user, String instructionId,
                                                                     Map<String, String> body) {
        return given().auth().oauth2(tokenFor(user)).contentType(ContentType.JSON).body(body)
                .when().post("/instructions/" + instructionId + "/retry").then();
    }

    private static String instructionId(String entitlementId) {
        return given().auth().oauth2(tokenFor(DemoUsers.FIONA)).queryParam("limit", 200)
                .when().get("/instructions").then().statusCode(200).extract().jsonPath()
                .getString("items.find { it.entitlementId == '" + entitlementId + "' }.id");
    }

    @Test
    void aFailedPaymentIsRetriedInANewBatchOnlyOnceItsSignedTransactionCanNoLongerBeMined() {
        // Why: a signed transaction that was not mined may still be mined; paying the instruction again then pays twice.
        UUID incident = UUID.randomUUID();
        String entitlement = fixture.pending(incident, "4242").getEntitlementId().toString();
        String instruction = instructionId(entitlement);
        JsonPath first = proposeAndApprove(incident);
        String firstBatch = first.getString("batch.id");
        UUID order = UUID.fromString(first.getString("items[0].orderId"));

        retry(DemoUsers.FIONA, instruction, Map.of("reason", "try again")).statusCode(409)
                .contentType("application/problem+json").body("type", containsString("instruction-not-failed"));

        // Execution signed the transaction, then gave the order up (say the node refused the broadcast).
        String sender = PayoutFixture.freshAddress().toLowerCase();
        String txHash = "0x" + (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        execute("update payment_order set state = 'FAILED', failure_reason = 'broadcast refused', sender = '" + sender
                + "', nonce = 0, signed_at = now() where id = '" + order + "'");
        execute("""
                insert into payment_transaction (tx_hash, order_id, attempt, nonce, gas_limit, max_fee_per_gas_wei,
                    max_priority_fee_per_gas_wei, raw_transaction, signed_at, broadcast_at)
                values ('%s', '%s', 1, 0, 21000, 2000000000, 1000000000, '0x02', now(), now())"""
                .formatted(txHash, order));
        QuarkusTransaction.requiringNew().run(() -> failures.fire(
                new PaymentFailed(order, new BatchId(UUID.fromString(firstBatch)), "broadcast refused", Instant.now())));
        assertEquals(1, rows("payout_instruction where id = '" + instruction + "' and state = 'FAILED'"));

        retry(DemoUsers.FIONA, instruction, Map.of("reason", "node is back")).statusCode(409)
                .contentType("application/problem+json").body("type", containsString("payment-may-still-be-mined"),
                        "detail", containsString(order.toString()));
        assertEquals(1, rows("payout_instruction where id = '" + instruction + "' and state = 'FAILED'"
                + " and batch_id = '" + firstBatch + "'"));
        assertEquals(0, rows("audit_entry where action = 'INSTRUCTION_RETRIED' and subject_id = '" + instruction + "'"));

        // The transaction is mined and reverted: its nonce is spent, nothing of the order can be mined any more.
        execute("update payment_transaction set mined_block_number = 7, mined_block_hash = '" + txHash
                + "', succeeded = false where tx_hash = '" + txHash + "'");
        retry(DemoUsers.FRANK, instruction, Map.of("reason", "approvers do not retry")).statusCode(403);
        given().filter(invalidRequestOnPurpose()).auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .body(Map.of()).when().post("/instructions/" + instruction + "/retry").then().statusCode(400);
        retry(DemoUsers.FIONA, UUID.randomUUID().toString(), Map.of("reason", "unknown")).statusCode(404);
        retry(DemoUsers.FIONA, instruction, Map.of("reason", "reverted; paying again")).statusCode(200)
                .body("state", equalTo("PENDING"), "batchId", nullValue(), "failureReason", nullValue(),
                        "amountMinorUnits", equalTo("4242"));
        assertEquals(1, rows("audit_entry where action = 'INSTRUCTION_RETRIED' and subject_id = '" + instruction
                + "' and actor_username = 'fiona' and reason = 'reverted; paying again'"
                + " and before_state like '%FAILED%' and after_state like '%PENDING%'"));

        // A new batch pays it with a new order; the failed one stays failed and is the only other order.
        JsonPath second = proposeAndApprove(incident);
        assertEquals(instruction, second.getString("items[0].instructionId"));
        String secondOrder = second.getString("items[0].orderId");
        assertEquals(2, rows("payment_item where instruction_id = '" + instruction + "'"));
        assertEquals(1, rows("payment_item i join payment_order o on o.id = i.order_id where i.instruction_id = '"
                + instruction + "' and o.state <> 'FAILED' and o.id = '" + secondOrder + "'"));
        assertEquals(1, rows("payout_instruction where id = '" + instruction + "' and state = 'BATCHED' and batch_id = '"
                + second.getString("batch.id") + "'"));

        retry(DemoUsers.FIONA, instruction, Map.of("reason", "twice")).statusCode(409)
                .body("type", containsString("instruction-not-failed"));
    }
}

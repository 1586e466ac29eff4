package dev.restitution.payout.execution;

import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static dev.restitution.payout.PayoutTestInfrastructure.execute;
import static dev.restitution.payout.PayoutTestInfrastructure.tokenFor;
import static dev.restitution.payout.execution.ExecutionFixture.driveToEnd;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.payout.engine.TransactionEngine;
import dev.restitution.payout.instruction.PayoutFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * GET /reconciliation on batches paid for real on anvil: what finance and auditors read to know the chain and the
 * database agree, and every difference when they do not.
 */
@QuarkusTest
class ReconciliationEndpointTest {

    @Inject
    TransactionEngine execution;

    private final PayoutFixture fixture = new PayoutFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Two instructions of a new incident, batched, approved and paid on anvil; answers the batch as GET shows it. */
    private JsonPath paidBatch(UUID incident) {
        fixture.pending(incident, "1111");
        fixture.pending(incident, "2222");
        JsonPath proposed = given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("incidentId", incident.toString(), "chainId", 31337, "assetSymbol", "ETH"))
                .when().post("/batches").then().statusCode(201).extract().jsonPath();
        String batchId = proposed.getString("batch.id");
        JsonPath approved = given().auth().oauth2(tokenFor(DemoUsers.FRANK)).contentType(ContentType.JSON)
                .body(Map.of("itemsHash", proposed.getString("batch.itemsHash")))
                .when().post("/batches/" + batchId + "/approvals").then().statusCode(200).extract().jsonPath();
        for (String order : approved.<String>getList("items.orderId").stream().distinct().toList()) {
            driveToEnd(execution, UUID.fromString(order), "CONFIRMED");
        }
        return given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/batches/" + batchId)
                .then().statusCode(200).body("batch.state", equalTo("PAID")).extract().jsonPath();
    }

    /** An auditor's reconciliation with a malformed id, which the API document forbids: sent on purpose. */
    private static ValidatableResponse reconcileBreakingTheDocument(Map<String, ?> query) {
        return given().filter(invalidRequestOnPurpose()).auth().oauth2(tokenFor(DemoUsers.AUDREY)).queryParams(query)
                .when().get("/reconciliation").then();
    }

    private static ValidatableResponse reconcile(String user, Map<String, ?> query) {
        return given().auth().oauth2(tokenFor(user)).queryParams(query).when().get("/reconciliation").then();
    }

    @Test
    void aPaidBatchAndItsIncidentReconcileWithoutDifference() {
        // Why: "consistent" must mean the chain shows every recorded payment, in its event, receipt and balances.
        UUID incident = UUID.randomUUID();
        String batchId = paidBatch(incident).getString("batch.id");

        JsonPath byBatch = reconcile(DemoUsers.AUDREY, Map.of("batchId", batchId)).statusCode(200)
                .contentType(ContentType.JSON).extract().jsonPath();
        assertEquals(true, byBatch.getBoolean("consistent"), byBatch.prettify());
        assertEquals(List.of(), byBatch.getList("differences"));
        assertEquals(2, byBatch.getInt("itemsChecked"));
        assertTrue(byBatch.getInt("ordersChecked") >= 1);
        assertEquals(List.of("3333"), byBatch.getList("totals.databaseMinorUnits"));
        assertEquals(List.of("3333"), byBatch.getList("totals.chainMinorUnits"));
        assertEquals(List.of(), byBatch.getList("haltedSenders"));
        assertEquals(List.of(), byBatch.getList("heldOrders"));

        reconcile(DemoUsers.FIONA, Map.of("incidentId", incident.toString())).statusCode(200)
                .body("consistent", equalTo(true), "incidentId", equalTo(incident.toString()), "itemsChecked", equalTo(2));
        reconcile(DemoUsers.FRANK, Map.of("incidentId", incident.toString(), "batchId", batchId)).statusCode(200)
                .body("consistent", equalTo(true), "batchId", equalTo(batchId));
    }

    @Test
    void aPaidInstructionWhoseTransactionIsNotOnChainAndAShortPaidRecipientAreListed() {
        // Why: a database that claims payments the chain does not show must be caught, item by item.
        JsonPath batch = paidBatch(UUID.randomUUID());
        String batchId = batch.getString("batch.id");
        String forged = batch.getString("items[0].instructionId");
        String shortPaidOrder = batch.getString("items[1].orderId");
        String notOnChain = "0x" + (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        execute("update payout_instruction set tx_hash = '" + notOnChain + "' where id = '" + forged + "'");
        execute("update payment_item set amount_minor_units = amount_minor_units + 1 where order_id = '" + shortPaidOrder
                + "' and lower(recipient) = lower('" + batch.getString("items[1].recipient") + "')");

        JsonPath report = reconcile(DemoUsers.AUDREY, Map.of("batchId", batchId)).statusCode(200).extract().jsonPath();

        assertEquals(false, report.getBoolean("consistent"));
        assertEquals(List.of(forged), report.getList("differences.findAll { it.kind == 'PAID_NOT_ON_CHAIN' }.instructionId"));
        assertEquals(List.of(notOnChain), report.getList("differences.findAll { it.kind == 'PAID_NOT_ON_CHAIN' }.txHash"));
        assertEquals(List.of(forged), report.getList("differences.findAll { it.kind == 'INSTRUCTION_MISMATCH' }.instructionId"));
        assertEquals(List.of(shortPaidOrder), report.getList("differences.findAll { it.kind == 'BALANCE_MISMATCH' }.orderId"));
        assertTrue(report.getString("differences.find { it.kind == 'BALANCE_MISMATCH' }.detail")
                .contains("rose by 2222"), report.prettify());
        assertEquals(List.of("3334"), report.getList("totals.databaseMinorUnits"));
    }

    @Test
    void onlyFinanceRolesAndAuditorsReconcile() {
        // Why: the comparison exposes every payment of an incident; claimants, support and admins have no need of it.
        String batchId = paidBatch(UUID.randomUUID()).getString("batch.id");
        Map<String, String> query = Map.of("batchId", batchId);
        for (String allowed : List.of(DemoUsers.FIONA, DemoUsers.FRANK, DemoUsers.AUDREY)) {
            reconcile(allowed, query).statusCode(200);
        }
        for (String refused : List.of(DemoUsers.IAN, DemoUsers.SAM, DemoUsers.ALICE)) {
            reconcile(refused, query).statusCode(403).contentType("application/problem+json");
        }
        given().queryParams(query).when().get("/reconciliation").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aReconciliationWithoutScopeOrOfABatchOutsideTheIncidentIsRefusedWithAProblem() {
        // Why: an empty or mismatched scope is a caller's mistake; answering "consistent" would hide it.
        String batchId = paidBatch(UUID.randomUUID()).getString("batch.id");

        reconcile(DemoUsers.AUDREY, Map.of()).statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("incidentId", "batchId"));
        reconcile(DemoUsers.AUDREY, Map.of("batchId", UUID.randomUUID().toString())).statusCode(404)
                .contentType("application/problem+json");
        reconcile(DemoUsers.AUDREY, Map.of("incidentId", UUID.randomUUID().toString(), "batchId", batchId))
                .statusCode(404).contentType("application/problem+json").body("detail", containsString(batchId));
        reconcile(DemoUsers.AUDREY, Map.of("incidentId", UUID.randomUUID().toString())).statusCode(404)
                .contentType("application/problem+json");
        // A malformed id is a bad request naming it, each one named (JAX-RS alone would answer 404 as if nothing matched).
        reconcileBreakingTheDocument(Map.of("batchId", "not-a-batch")).statusCode(400)
                .contentType("application/problem+json").body("errors.field", equalTo(List.of("batchId")));
        reconcileBreakingTheDocument(Map.of("incidentId", "1-2-3-4-5", "batchId", batchId + "0")).statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("incidentId", "batchId"));
    }
}

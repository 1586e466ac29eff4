package dev.restitution.payout.execution;

import static dev.restitution.payout.PayoutTestInfrastructure.rows;
import static dev.restitution.payout.PayoutTestInfrastructure.tokenFor;
import static dev.restitution.payout.execution.ExecutionFixture.anvil;
import static dev.restitution.payout.execution.ExecutionFixture.config;
import static dev.restitution.payout.execution.ExecutionFixture.driveToEnd;
import static dev.restitution.payout.execution.ExecutionFixture.enqueue;
import static dev.restitution.payout.execution.ExecutionFixture.freshAddress;
import static dev.restitution.payout.execution.ExecutionFixture.freshItems;
import static dev.restitution.payout.execution.ExecutionFixture.mineBlocks;
import static dev.restitution.payout.execution.ExecutionFixture.nativeBalance;
import static dev.restitution.payout.execution.ExecutionFixture.order;
import static dev.restitution.payout.execution.ExecutionFixture.orderColumn;
import static dev.restitution.payout.execution.ExecutionFixture.storedTransactionCount;
import static dev.restitution.payout.execution.ExecutionFixture.storedTransactions;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.contracts.audit.Actor;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.payout.denylist.DenylistService;
import dev.restitution.payout.execution.persistence.PaymentOrderState;
import dev.restitution.payout.execution.signer.TransactionSigner;
import dev.restitution.payout.instruction.PayoutFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Numeric;

/**
 * Every signature passes the guard at its own moment, and a key used outside the service stops it: replacements
 * re-check the denylist, caps and allowlist; a foreign transaction from the sending address halts that address.
 * The foreign transactions are sent with the key decrypted here from the service's own test keystore.
 */
@QuarkusTest
class SigningSafetyTest {

    @Inject
    Web3j web3j;
    @Inject
    PaymentOrders orders;
    @Inject
    PaymentExecution execution;
    @Inject
    DenylistService denylist;
    @Inject
    TransactionSigner signer;

    private final PayoutFixture fixture = new PayoutFixture();
    private final List<UUID> openedHere = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        fixture.close();
        anvil("evm_setAutomine", true);
        ExecutionFixture.forgetForeignUseOfTheServiceKey(openedHere);
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

    private static String instructionState(String batchId) {
        return given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/batches/" + batchId)
                .then().statusCode(200).extract().jsonPath().getString("items[0].instructionState");
    }

    private static String batchState(String batchId) {
        return given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/batches/" + batchId)
                .then().statusCode(200).extract().jsonPath().getString("batch.state");
    }

    @Test
    void aRecipientDenylistedAfterBroadcastGetsNoReplacementAndTheTransactionSignedBeforeMayStillPay() throws Exception {
        // Why: a replacement is a new signature; one given after the recipient was listed would pay an attacker anew.
        UUID incident = UUID.randomUUID();
        String recipient = PayoutFixture.freshAddress();
        fixture.issued(PayoutFixture.entitlement(incident, recipient, "4242"));
        JsonPath batch = proposeAndApprove(incident);
        String batchId = batch.getString("batch.id");
        UUID orderId = UUID.fromString(batch.getString("items[0].orderId"));
        anvil("evm_setAutomine", false);

        execution.advance(orderId);
        execution.advance(orderId);
        assertEquals(1, storedTransactionCount(orderId), "signed and broadcast, waiting in the pool");
        String signedBeforeListing = (String) storedTransactions(orderId).getFirst()[0];
        long heldAudited = rows("audit_entry where action = 'PAYMENT_ORDER_HELD'");
        denylist.add(ExecutionChainTestResource.CHAIN_ID, recipient, "attacker's address",
                new Actor("test-admin", "ian"));
        Thread.sleep(1_100);
        execution.advance(orderId);
        execution.advance(orderId);

        assertEquals(1, storedTransactionCount(orderId), "no replacement was signed");
        assertEquals(PaymentOrderState.PENDING, execution.state(orderId));
        String held = orderColumn(orderId, "held_reason");
        assertTrue(held.contains("is denylisted") && held.contains(signedBeforeListing), held);
        assertEquals(1, rows("audit_entry where action = 'PAYMENT_ORDER_HELD' and subject_id = '" + orderId + "'"));
        assertEquals(heldAudited + 1, rows("audit_entry where action = 'PAYMENT_ORDER_HELD'"), "held once");
        assertEquals("BATCHED", instructionState(batchId), "not failed: the signed transaction may still be mined");
        assertEquals("APPROVED", batchState(batchId));
        assertEquals(BigInteger.ZERO, nativeBalance(web3j, recipient));
        assertEquals(List.of(orderId.toString()), given().auth().oauth2(tokenFor(DemoUsers.FIONA))
                .queryParam("batchId", batchId).when().get("/reconciliation").then().statusCode(200)
                .extract().jsonPath().getList("heldOrders.orderId"), "finance sees the held order");

        // What happens to the money: the transaction signed before the listing is still in the pool and is mined.
        mineBlocks(1);
        anvil("evm_setAutomine", true);
        driveToEnd(execution, orderId, "CONFIRMED");

        assertEquals(signedBeforeListing, orderColumn(orderId, "confirmed_tx_hash"));
        assertEquals(BigInteger.valueOf(4242), nativeBalance(web3j, recipient), "paid once, by the earlier signature");
        assertEquals(1, storedTransactionCount(orderId));
        assertEquals("PAID", instructionState(batchId));
        assertEquals("PAID", batchState(batchId));
    }

    /** The service's key as a thief has it: decrypted from the test keystore with the test's password. */
    private static Credentials stolenKey() throws Exception {
        return WalletUtils.loadCredentials(config("restitution.execution.signer.keystore-password"),
                config("restitution.execution.signer.keystore-file"));
    }

    /** Sends {@code amountWei} from the stolen key at {@code nonce}, outside the service; answers the hash. */
    private String sendWithStolenKey(BigInteger nonce, String to, BigInteger amountWei) throws Exception {
        Credentials stolen = stolenKey();
        assertEquals(signer.address().toLowerCase(), stolen.getAddress().toLowerCase(), "the service's own key");
        RawTransaction transfer = RawTransaction.createTransaction(ExecutionChainTestResource.CHAIN_ID, nonce,
                BigInteger.valueOf(21_000), to, amountWei, "", BigInteger.valueOf(2_000_000_000L),
                BigInteger.valueOf(50_000_000_000L));
        String signed = Numeric.toHexString(TransactionEncoder.signMessage(transfer, ExecutionChainTestResource.CHAIN_ID,
                stolen));
        var answer = web3j.ethSendRawTransaction(signed).send();
        assertNull(answer.getError(), () -> answer.getError().getMessage());
        return answer.getTransactionHash();
    }

    private PaymentOrder queued() {
        PaymentOrder order = order(Optional.empty(), PaymentMethod.PLAIN_TRANSFER, freshItems(5_000));
        enqueue(orders, order);
        openedHere.add(order.orderId());
        return order;
    }

    private static long halts() {
        return rows("sender_halt");
    }

    private long haltsAudited() {
        return rows("audit_entry where action = 'SENDER_HALTED' and subject_id = '31337:" + signer.address() + "'");
    }

    @Test
    void aForeignTransactionThatUsesAPendingOrdersNonceHaltsTheSenderAndHoldsTheOrder() throws Exception {
        // Why: the thief's transaction took the nonce the service signed with; signing on would race the thief.
        driveToEnd(execution, queued().orderId(), "CONFIRMED");
        long haltsAuditedBefore = haltsAudited();
        UUID incident = UUID.randomUUID();
        String recipient = PayoutFixture.freshAddress();
        fixture.issued(PayoutFixture.entitlement(incident, recipient, "5000"));
        String batchId = proposeAndApprove(incident).getString("batch.id");
        UUID inFlight = UUID.fromString(given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/batches/" + batchId)
                .then().statusCode(200).extract().jsonPath().getString("items[0].orderId"));
        openedHere.add(inFlight);
        execution.sign(inFlight);
        BigInteger nonce = new BigInteger(orderColumn(inFlight, "nonce"));
        String thief = freshAddress();
        String foreign = sendWithStolenKey(nonce, thief, BigInteger.valueOf(777));
        mineBlocks(3);
        PaymentOrder next = queued();

        for (int round = 0; round < 3; round++) {
            execution.advance(inFlight);
            execution.advance(next.orderId());
            mineBlocks(1);
        }

        assertEquals(PaymentOrderState.PENDING, execution.state(inFlight));
        String held = orderColumn(inFlight, "held_reason");
        assertTrue(held.contains("nonce " + nonce + " of " + signer.address()), held);
        assertEquals(1, storedTransactionCount(inFlight), "nothing signed anew for the order");
        assertTrue(web3j.ethGetTransactionReceipt((String) storedTransactions(inFlight).getFirst()[0]).send()
                .getTransactionReceipt().isEmpty(), "the order's transaction can never be mined");
        assertEquals(PaymentOrderState.QUEUED, execution.state(next.orderId()));
        assertEquals(0, storedTransactionCount(next.orderId()), "nothing signed for a halted sender");
        assertEquals(1, halts());
        assertEquals(1, rows("sender_halt where sender = '" + signer.address() + "' and database_next_nonce = "
                + nonce.add(BigInteger.ONE)));
        assertEquals(1, rows("sender_nonce where sender = '" + signer.address() + "' and next_nonce = "
                + nonce.add(BigInteger.ONE)), "the sequence is kept, not moved to the chain's count");
        assertEquals(haltsAuditedBefore + 1, haltsAudited());
        assertEquals(1, rows("audit_entry where action = 'PAYMENT_ORDER_HELD' and subject_id = '" + inFlight + "'"));
        assertEquals(BigInteger.valueOf(777), nativeBalance(web3j, thief));
        assertTrue(web3j.ethGetTransactionReceipt(foreign).send().getTransactionReceipt().isPresent());
        assertEquals(BigInteger.ZERO, nativeBalance(web3j, recipient), "not paid");
        assertEquals("BATCHED", instructionState(batchId), "neither paid nor failed: nothing can pay it twice");
        // Surfaced to finance and auditors: the batch's reconciliation names the halted sender and the held order.
        JsonPath reconciliation = given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).queryParam("batchId", batchId)
                .when().get("/reconciliation").then().statusCode(200).extract().jsonPath();
        assertEquals(false, reconciliation.getBoolean("consistent"));
        assertEquals(List.of("FOREIGN_NONCE_USE"), reconciliation.getList("differences.kind"));
        assertEquals(List.of(signer.address()), reconciliation.getList("haltedSenders.sender"));
        assertEquals(List.of(inFlight.toString()), reconciliation.getList("heldOrders.orderId"));
        assertEquals(BigInteger.ZERO, nativeBalance(web3j, next.items().getFirst().recipient()), "not paid");
    }

    @Test
    void aForeignTransactionAtTheNextNonceHaltsTheSenderBeforeAnythingElseIsSigned() throws Exception {
        // Why: the key may be used while no payment is in flight; the worker's run must notice, not follow the thief's nonce.
        driveToEnd(execution, queued().orderId(), "CONFIRMED");
        long haltsAuditedBefore = haltsAudited();
        BigInteger next = web3j.ethGetTransactionCount(signer.address(),
                org.web3j.protocol.core.DefaultBlockParameterName.PENDING).send().getTransactionCount();
        sendWithStolenKey(next, freshAddress(), BigInteger.ONE);

        execution.runOnce();
        PaymentOrder waiting = queued();
        execution.advance(waiting.orderId());
        execution.advance(waiting.orderId());

        assertEquals(PaymentOrderState.QUEUED, execution.state(waiting.orderId()));
        assertEquals(0, storedTransactionCount(waiting.orderId()));
        assertEquals(1, rows("sender_halt where sender = '" + signer.address() + "' and database_next_nonce = " + next
                + " and chain_nonce = " + next.add(BigInteger.ONE) + " and reason like '%did not sign%'"));
        assertEquals(1, rows("sender_nonce where sender = '" + signer.address() + "' and next_nonce = " + next));
        assertEquals(haltsAuditedBefore + 1, haltsAudited());
        assertEquals(BigInteger.ZERO, nativeBalance(web3j, waiting.items().getFirst().recipient()));
    }
}

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

import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.ScrapedMetrics;
import dev.restitution.kit.audit.Actor;
import dev.restitution.payout.denylist.DenylistService;
import dev.restitution.payout.engine.TransactionEngine;
import dev.restitution.payout.engine.domain.CallState;
import dev.restitution.payout.engine.signer.TransactionSigner;
import dev.restitution.payout.instruction.PayoutFixture;
import dev.restitution.payout.rail.PaymentMethod;
import dev.restitution.payout.rail.PaymentOrder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.transaction.type.Transaction1559;
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
    @TestHTTPResource(management = true)
    URL managementRoot;
    @Inject
    PaymentOrders orders;
    @Inject
    TransactionEngine execution;
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

    /** A native payment signed and broadcast, waiting in anvil's pool (automine off), whose recipient is then denylisted. */
    private record Listed(UUID orderId, String batchId, String recipient, String signedBeforeListing) {
    }

    private Listed broadcastThenDenylist() throws Exception {
        UUID incident = UUID.randomUUID();
        String recipient = PayoutFixture.freshAddress();
        fixture.issued(PayoutFixture.entitlement(incident, recipient, "4242"));
        JsonPath batch = proposeAndApprove(incident);
        UUID orderId = UUID.fromString(batch.getString("items[0].orderId"));
        anvil("evm_setAutomine", false);
        execution.advance(orderId);
        execution.advance(orderId);
        assertEquals(1, storedTransactionCount(orderId), "signed and broadcast, waiting in the pool");
        denylist.add(ExecutionChainTestResource.CHAIN_ID, Optional.empty(), recipient, "attacker's address",
                new Actor("test-admin", "ian"));
        // Past the replacement delay (1 s in tests): the next step would replace the payment.
        Thread.sleep(1_100);
        return new Listed(orderId, batch.getString("batch.id"), recipient,
                (String) storedTransactions(orderId).getFirst()[0]);
    }

    @Test
    void aRecipientDenylistedAfterBroadcastGetsACancellationInsteadOfAReplacementAndIsNotPaid() throws Exception {
        // Why: a replacement is a new signature that would pay an attacker anew, and the payment signed before the
        // listing must not be left in the pool to be mined either.
        long heldAudited = rows("audit_entry where action = 'PAYMENT_ORDER_HELD'");
        Listed listed = broadcastThenDenylist();
        UUID orderId = listed.orderId();
        execution.advance(orderId);
        execution.advance(orderId);

        List<Object[]> stored = storedTransactions(orderId);
        assertEquals(2, stored.size(), "a cancellation, and no replacement paying the recipient");
        String cancellationHash = (String) stored.get(1)[0];
        Transaction1559 cancellation = (Transaction1559) TransactionDecoder.decode((String) stored.get(1)[3])
                .getTransaction();
        assertEquals(signer.address().toLowerCase(), cancellation.getTo().toLowerCase(), "to the sender itself");
        assertEquals(BigInteger.ZERO, cancellation.getValue());
        assertEquals("", Numeric.cleanHexPrefix(cancellation.getData()));
        assertEquals(new BigInteger((String) stored.get(0)[2]), cancellation.getNonce(), "the payment's nonce");
        assertTrue(cancellation.getMaxFeePerGas().compareTo(new BigInteger((String) stored.get(0)[6])) > 0,
                "higher fees, so nodes keep it instead of the payment");
        assertEquals(1, rows("payment_transaction where order_id = '" + orderId + "' and cancels"));
        assertEquals(CallState.PENDING, execution.state(orderId));
        String held = orderColumn(orderId, "held_reason");
        assertTrue(held.contains("is denylisted") && held.contains("cancellation " + cancellationHash)
                && held.contains(listed.signedBeforeListing()), held);
        assertEquals(1, rows("audit_entry where action = 'PAYMENT_ORDER_HELD' and subject_id = '" + orderId + "'"));
        assertEquals(heldAudited + 1, rows("audit_entry where action = 'PAYMENT_ORDER_HELD'"), "held once");
        assertEquals("BATCHED", instructionState(listed.batchId()), "not failed: the payment may still be mined");
        assertEquals("APPROVED", batchState(listed.batchId()));
        assertEquals(List.of(orderId.toString()), reconciliation(listed.batchId()).getList("heldOrders.orderId"),
                "finance sees the held order");

        // What happens to the money: the pool keeps the cancellation, which is mined; the recipient gets nothing.
        mineBlocks(1);
        anvil("evm_setAutomine", true);
        driveToEnd(execution, orderId, "FAILED");

        String failure = orderColumn(orderId, "failure_reason");
        assertTrue(failure.startsWith("cancelled: transaction " + cancellationHash), failure);
        assertTrue(web3j.ethGetTransactionReceipt(listed.signedBeforeListing()).send().getTransactionReceipt().isEmpty(),
                "the payment was never mined");
        assertEquals(BigInteger.ZERO, nativeBalance(web3j, listed.recipient()), "not paid");
        assertEquals(2, storedTransactionCount(orderId));
        assertEquals("FAILED", instructionState(listed.batchId()));
        assertEquals("FAILED", batchState(listed.batchId()));
        JsonPath reconciled = reconciliation(listed.batchId());
        assertEquals(true, reconciled.getBoolean("consistent"), reconciled.prettify());
        assertEquals(List.of(), reconciled.getList("heldOrders"), "no longer held: it has ended");
    }

    @Test
    void aPaymentSignedBeforeTheListingThatIsMinedAllTheSameIsConfirmedAsPaidOnce() throws Exception {
        // Why: a cancellation is a race, not a guarantee; when another node mines the payment first, it is paid once.
        Listed listed = broadcastThenDenylist();
        UUID orderId = listed.orderId();
        execution.advance(orderId);
        execution.advance(orderId);
        List<Object[]> stored = storedTransactions(orderId);
        assertEquals(2, stored.size());
        String cancellationHash = (String) stored.get(1)[0];

        // Another node kept the payment and mines it: anvil forgets the cancellation and is handed the payment again.
        anvil("anvil_dropTransaction", cancellationHash);
        var resent = web3j.ethSendRawTransaction((String) stored.getFirst()[3]).send();
        assertNull(resent.getError(), () -> resent.getError().getMessage());
        mineBlocks(1);
        anvil("evm_setAutomine", true);
        driveToEnd(execution, orderId, "CONFIRMED");

        assertEquals(listed.signedBeforeListing(), orderColumn(orderId, "confirmed_tx_hash"));
        assertEquals(BigInteger.valueOf(4242), nativeBalance(web3j, listed.recipient()), "paid once, by the earlier signature");
        assertTrue(web3j.ethGetTransactionReceipt(cancellationHash).send().getTransactionReceipt().isEmpty());
        assertEquals(2, storedTransactionCount(orderId), "nothing signed after the cancellation");
        assertEquals("PAID", instructionState(listed.batchId()));
        assertEquals("PAID", batchState(listed.batchId()));
        assertEquals(true, reconciliation(listed.batchId()).getBoolean("consistent"));
    }

    @Test
    void aCancellationStoredButNeverBroadcastIsSentOnTheNextStepAndTheRecipientIsStillNotPaid() throws Exception {
        // Why: the service may die between storing the cancellation and broadcasting it; the payment must not win by that.
        Listed listed = broadcastThenDenylist();
        UUID orderId = listed.orderId();
        execution.replace(orderId);
        List<Object[]> stored = storedTransactions(orderId);
        assertEquals(2, stored.size(), "the cancellation is stored");
        String cancellationHash = (String) stored.get(1)[0];
        // As if the service had died before broadcasting: the node never got the cancellation and still holds the payment.
        anvil("anvil_dropTransaction", cancellationHash);
        var stillPooled = web3j.ethSendRawTransaction((String) stored.getFirst()[3]).send();
        assertNull(stillPooled.getError(), () -> stillPooled.getError().getMessage());

        // The restarted service's next step sends the stored cancellation again; nothing new is signed.
        execution.advance(orderId);
        assertEquals(2, storedTransactionCount(orderId));
        mineBlocks(1);
        anvil("evm_setAutomine", true);
        driveToEnd(execution, orderId, "FAILED");

        assertTrue(web3j.ethGetTransactionReceipt(cancellationHash).send().getTransactionReceipt().isPresent());
        assertTrue(web3j.ethGetTransactionReceipt(listed.signedBeforeListing()).send().getTransactionReceipt().isEmpty(),
                "the payment was never mined");
        assertEquals(BigInteger.ZERO, nativeBalance(web3j, listed.recipient()), "not paid");
        assertEquals("FAILED", instructionState(listed.batchId()));
        assertEquals(true, reconciliation(listed.batchId()).getBoolean("consistent"));
    }

    private static JsonPath reconciliation(String batchId) {
        return given().auth().oauth2(tokenFor(DemoUsers.FIONA)).queryParam("batchId", batchId)
                .when().get("/reconciliation").then().statusCode(200).extract().jsonPath();
    }

    /** The service's key as a thief has it: decrypted from the test keystore with the test's password. */
    private static Credentials stolenKey() throws Exception {
        return WalletUtils.loadCredentials(config(ExecutionChainTestResource.CHAIN + "signer.keystore-password"),
                config(ExecutionChainTestResource.CHAIN + "signer.keystore-file"));
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

        assertEquals(CallState.PENDING, execution.state(inFlight));
        String held = orderColumn(inFlight, "held_reason");
        assertTrue(held.contains("nonce " + nonce + " of " + signer.address()), held);
        assertEquals(1, storedTransactionCount(inFlight), "nothing signed anew for the order");
        assertTrue(web3j.ethGetTransactionReceipt((String) storedTransactions(inFlight).getFirst()[0]).send()
                .getTransactionReceipt().isEmpty(), "the order's transaction can never be mined");
        assertEquals(CallState.QUEUED, execution.state(next.orderId()));
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
        // And operators are alerted without asking: the gauges RestitutionSenderHalted, RestitutionOrdersHeld and
        // RestitutionTransactionUnconfirmed fire on.
        String metrics = managementRoot.toString().replaceAll("/+$", "") + "/metrics";
        Duration wait = Duration.ofSeconds(30);
        ScrapedMetrics.awaitValue(metrics, "restitution_payout_orders_held", Map.of(), value -> value == 1, wait);
        ScrapedMetrics.awaitValue(metrics, "restitution_payout_senders_halted", Map.of("chain", "eip155:31337"),
                value -> value == 1, wait);
        ScrapedMetrics.awaitValue(metrics, "restitution_payout_oldest_unconfirmed_transaction_seconds",
                Map.of("chain", "eip155:31337"), value -> value > 0, wait);
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

        assertEquals(CallState.QUEUED, execution.state(waiting.orderId()));
        assertEquals(0, storedTransactionCount(waiting.orderId()));
        assertEquals(1, rows("sender_halt where sender = '" + signer.address() + "' and database_next_nonce = " + next
                + " and chain_nonce = " + next.add(BigInteger.ONE) + " and reason like '%did not sign%'"));
        assertEquals(1, rows("sender_nonce where sender = '" + signer.address() + "' and next_nonce = " + next));
        assertEquals(haltsAuditedBefore + 1, haltsAudited());
        assertEquals(BigInteger.ZERO, nativeBalance(web3j, waiting.items().getFirst().recipient()));
    }
}

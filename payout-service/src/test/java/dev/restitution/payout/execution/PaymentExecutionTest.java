package dev.restitution.payout.execution;

import static dev.restitution.payout.PayoutTestInfrastructure.execute;
import static dev.restitution.payout.execution.ExecutionFixture.anvil;
import static dev.restitution.payout.execution.ExecutionFixture.batchPayout;
import static dev.restitution.payout.execution.ExecutionFixture.cappedToken;
import static dev.restitution.payout.execution.ExecutionFixture.driveToEnd;
import static dev.restitution.payout.execution.ExecutionFixture.enqueue;
import static dev.restitution.payout.execution.ExecutionFixture.freshItems;
import static dev.restitution.payout.execution.ExecutionFixture.mineBlocks;
import static dev.restitution.payout.execution.ExecutionFixture.nativeBalance;
import static dev.restitution.payout.execution.ExecutionFixture.order;
import static dev.restitution.payout.execution.ExecutionFixture.orderColumn;
import static dev.restitution.payout.execution.ExecutionFixture.revertProbeToken;
import static dev.restitution.payout.execution.ExecutionFixture.standardToken;
import static dev.restitution.payout.execution.ExecutionFixture.storedTransactionCount;
import static dev.restitution.payout.execution.ExecutionFixture.storedTransactions;
import static dev.restitution.payout.execution.ExecutionFixture.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.contracts.solidity.BatchPayout;
import dev.restitution.contracts.solidity.TestToken;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.payout.engine.TransactionEngine;
import dev.restitution.payout.engine.domain.CallState;
import dev.restitution.payout.id.InstructionId;
import dev.restitution.payout.rail.PaymentItem;
import dev.restitution.payout.rail.PaymentMethod;
import dev.restitution.payout.rail.PaymentOrder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

/** Payment orders executed on the devstack's anvil, through the service's own steps and signer. */
@QuarkusTest
class PaymentExecutionTest {

    @Inject
    Web3j web3j;
    @Inject
    PaymentOrders orders;
    @Inject
    TransactionEngine execution;
    @Inject
    RecordedPaymentEvents events;

    private TestToken token(String address) {
        return TestToken.load(address, web3j, new ReadonlyTransactionManager(web3j, address), new DefaultGasProvider());
    }

    private TestToken mintingToken(String address) {
        return TestToken.load(address, web3j, new RawTransactionManager(web3j, ExecutionChainTestResource.DEPLOYER,
                        ExecutionChainTestResource.CHAIN_ID, new PollingTransactionReceiptProcessor(web3j, 50, 400)),
                new StaticGasProvider(Convert.toWei("10", Convert.Unit.GWEI).toBigIntegerExact(), BigInteger.valueOf(200_000)));
    }

    @Test
    void nativeBatchIsSignedStoredThenPaidAndConfirmedAtDepthWithOneEvent() throws Exception {
        // Why: the whole happy path: stored before broadcast, paid exactly the listed amounts, confirmed only at depth.
        List<PaymentItem> items = freshItems(1, 2_000_000_000_000_000_000L, 123_456_789);
        PaymentOrder order = order(Optional.empty(), PaymentMethod.BATCH_CONTRACT, items);
        enqueue(orders, order);

        execution.sign(order.orderId());

        assertEquals(CallState.PENDING, execution.state(order.orderId()));
        List<Object[]> stored = storedTransactions(order.orderId());
        assertEquals(1, stored.size());
        assertNull(stored.getFirst()[4], "signed and stored, not yet broadcast");
        String txHash = (String) stored.getFirst()[0];
        assertTrue(web3j.ethGetTransactionReceipt(txHash).send().getTransactionReceipt().isEmpty(), "not on the chain yet");

        execution.observe(order.orderId());
        TransactionReceipt receipt = web3j.ethGetTransactionReceipt(txHash).send().getTransactionReceipt().orElseThrow();
        execution.observe(order.orderId());
        assertEquals(CallState.PENDING, execution.state(order.orderId()), "mined but not yet deep enough");
        mineBlocks(2);
        execution.observe(order.orderId());

        assertEquals(CallState.CONFIRMED, execution.state(order.orderId()));
        for (PaymentItem item : items) {
            assertEquals(item.amount(), nativeBalance(web3j, item.recipient()));
        }
        assertEquals(txHash, orderColumn(order.orderId(), "confirmed_tx_hash"));
        assertEquals(List.of(new PaymentConfirmed(order.orderId(), order.batchId(), txHash,
                receipt.getBlockNumber().longValueExact(), events.confirmedFor(order.orderId()).getFirst().confirmedAt())),
                events.confirmedFor(order.orderId()));
        assertEquals(Optional.of(true), events.insideTransaction(order.orderId()));
        List<BatchPayout.BatchPaidEventResponse> paid = BatchPayout.getBatchPaidEvents(receipt);
        assertEquals(1, paid.size());
        assertEquals(ItemsHash.of(items.stream().map(PaymentItem::recipient).toList(),
                items.stream().map(PaymentItem::amount).toList()), Numeric.toHexString(paid.getFirst().itemsHash));
        assertEquals(OnchainBatchId.of(order.orderId()), Numeric.toHexString(paid.getFirst().batchId));
    }

    @Test
    void tokenBatchAndPlainTransfersArePaidFromTheRightBalances() throws Exception {
        // Why: all four ways an order is paid must reach the recipient, from the contract's or the operator's balance.
        TestToken standard = token(standardToken());
        BigInteger contractBefore = standard.balanceOf(batchPayout()).send();
        PaymentOrder tokenBatch = order(Optional.of(standardToken()), PaymentMethod.BATCH_CONTRACT, freshItems(500, 1, 77));
        PaymentOrder plainToken = order(Optional.of(standardToken()), PaymentMethod.PLAIN_TRANSFER, freshItems(900));
        PaymentOrder plainNative = order(Optional.empty(), PaymentMethod.PLAIN_TRANSFER, freshItems(31_337));
        for (PaymentOrder order : List.of(tokenBatch, plainToken, plainNative)) {
            enqueue(orders, order);
        }

        for (PaymentOrder order : List.of(tokenBatch, plainToken, plainNative)) {
            driveToEnd(execution, order.orderId(), "CONFIRMED");
        }

        for (PaymentItem item : tokenBatch.items()) {
            assertEquals(item.amount(), standard.balanceOf(item.recipient()).send());
        }
        assertEquals(contractBefore.subtract(sum(tokenBatch.items())), standard.balanceOf(batchPayout()).send());
        assertEquals(BigInteger.valueOf(900), standard.balanceOf(plainToken.items().getFirst().recipient()).send());
        assertEquals(BigInteger.valueOf(31_337), nativeBalance(web3j, plainNative.items().getFirst().recipient()));
    }

    @Test
    void ordersOverTheCapsAreFailedBeforeSigning() throws Exception {
        // Why: a stolen approval or a bug must not move more than finance allowed per order and per day.
        PaymentOrder withinCaps = order(Optional.of(cappedToken()), PaymentMethod.BATCH_CONTRACT, freshItems(600, 400));
        PaymentOrder overDay = order(Optional.of(cappedToken()), PaymentMethod.BATCH_CONTRACT, freshItems(501));
        PaymentOrder overOrder = order(Optional.of(cappedToken()), PaymentMethod.BATCH_CONTRACT, freshItems(1_001));
        PaymentOrder lastOfDay = order(Optional.of(cappedToken()), PaymentMethod.BATCH_CONTRACT, freshItems(500));
        for (PaymentOrder order : List.of(withinCaps, overDay, overOrder, lastOfDay)) {
            enqueue(orders, order);
        }

        driveToEnd(execution, withinCaps.orderId(), "CONFIRMED");
        driveToEnd(execution, overDay.orderId(), "FAILED");
        driveToEnd(execution, overOrder.orderId(), "FAILED");
        driveToEnd(execution, lastOfDay.orderId(), "CONFIRMED");

        assertTrue(orderColumn(overDay.orderId(), "failure_reason").contains("per-day cap 1500"),
                orderColumn(overDay.orderId(), "failure_reason"));
        assertTrue(orderColumn(overOrder.orderId(), "failure_reason").contains("per-order cap 1000"));
        assertEquals(0, storedTransactionCount(overDay.orderId()), "nothing signed");
        assertEquals(0, storedTransactionCount(overOrder.orderId()), "nothing signed");
        assertNull(orderColumn(overDay.orderId(), "nonce"), "no nonce used");
        assertEquals(1, events.failedFor(overDay.orderId()).size());
        assertTrue(events.failedFor(overOrder.orderId()).getFirst().reason().contains("per-order cap"));
        TestToken capped = token(cappedToken());
        assertEquals(BigInteger.ZERO, capped.balanceOf(overDay.items().getFirst().recipient()).send());
        assertEquals(BigInteger.ZERO, capped.balanceOf(overOrder.items().getFirst().recipient()).send());
        assertEquals(BigInteger.valueOf(500), capped.balanceOf(lastOfDay.items().getFirst().recipient()).send());
    }

    @Test
    void denylistedRecipientsAreRefusedAtSigning() throws Exception {
        // Why: an address listed after the batch was approved must still never be paid.
        PaymentItem listed = freshItems(5).getFirst();
        PaymentOrder order = order(Optional.empty(), PaymentMethod.BATCH_CONTRACT, List.of(freshItems(3).getFirst(), listed));
        enqueue(orders, order);
        execute("""
                insert into payout_denylist_entry (chain_id, address, reason, added_by, added_at)
                values (31337, '%s', 'attacker', 'fiona', now())""".formatted(listed.recipient().toLowerCase()));

        driveToEnd(execution, order.orderId(), "FAILED");

        assertTrue(orderColumn(order.orderId(), "failure_reason").contains(listed.recipient() + " (item 1) is denylisted"));
        assertEquals(0, storedTransactionCount(order.orderId()));
        assertEquals(BigInteger.ZERO, nativeBalance(web3j, listed.recipient()));
        assertEquals(BigInteger.ZERO, nativeBalance(web3j, order.items().getFirst().recipient()));
    }

    @Test
    void anAddressDenylistedForOneIncidentIsRefusedAtSigningForThatIncidentOnlyAndForAllOnceListedChainWide() throws Exception {
        // Why: an address found to be the attacker's in one incident may be an honest claimant in another; only an
        // entry of every incident (sanctions) blocks it everywhere.
        IncidentId listedFor = IncidentId.random();
        PaymentItem listed = freshItems(7).getFirst();
        PaymentItem besideIt = freshItems(3).getFirst();
        PaymentOrder ofListedIncident = order(listedFor, Optional.empty(), PaymentMethod.BATCH_CONTRACT,
                List.of(besideIt, listed));
        PaymentOrder ofOtherIncident = order(IncidentId.random(), Optional.empty(), PaymentMethod.BATCH_CONTRACT,
                List.of(new PaymentItem(new InstructionId(UUID.randomUUID()), listed.recipient(), BigInteger.valueOf(11))));
        enqueue(orders, ofListedIncident);
        enqueue(orders, ofOtherIncident);
        execute("""
                insert into payout_denylist_entry (chain_id, address, incident_id, reason, added_by, added_at)
                values (31337, '%s', '%s', 'attacker of this incident', 'ian', now())"""
                .formatted(listed.recipient().toLowerCase(), listedFor));

        driveToEnd(execution, ofListedIncident.orderId(), "FAILED");
        driveToEnd(execution, ofOtherIncident.orderId(), "CONFIRMED");

        assertTrue(orderColumn(ofListedIncident.orderId(), "failure_reason")
                .contains(listed.recipient() + " (item 1) is denylisted for incident " + listedFor));
        assertEquals(0, storedTransactionCount(ofListedIncident.orderId()), "nothing signed for the listed incident");
        // The listed incident's order pays nobody (its other item neither, as any refused order); the other incident
        // pays the same address its 11 wei.
        assertEquals(BigInteger.ZERO, nativeBalance(web3j, besideIt.recipient()));
        assertEquals(BigInteger.valueOf(11), nativeBalance(web3j, listed.recipient()));

        execute("""
                insert into payout_denylist_entry (chain_id, address, reason, added_by, added_at)
                values (31337, '%s', 'sanctioned', 'ian', now())""".formatted(listed.recipient().toLowerCase()));
        PaymentOrder afterSanction = order(IncidentId.random(), Optional.empty(), PaymentMethod.BATCH_CONTRACT,
                List.of(new PaymentItem(new InstructionId(UUID.randomUUID()), listed.recipient(), BigInteger.valueOf(13))));
        enqueue(orders, afterSanction);

        driveToEnd(execution, afterSanction.orderId(), "FAILED");

        assertEquals(0, storedTransactionCount(afterSanction.orderId()), "an entry of every incident blocks every incident");
        assertEquals(BigInteger.valueOf(11), nativeBalance(web3j, listed.recipient()), "nothing more reached it");
    }

    @Test
    void contractsOffTheAllowlistAreNeverCalled() throws Exception {
        // Why: a compromised order source must not make the hot key call arbitrary contracts.
        TestToken unlisted = TestToken.deploy(web3j, new RawTransactionManager(web3j, ExecutionChainTestResource.DEPLOYER,
                        ExecutionChainTestResource.CHAIN_ID, new PollingTransactionReceiptProcessor(web3j, 50, 400)),
                new StaticGasProvider(Convert.toWei("10", Convert.Unit.GWEI).toBigIntegerExact(), BigInteger.valueOf(3_000_000)),
                "Unlisted", "UNL", BigInteger.valueOf(18)).send();
        String unlistedToken = org.web3j.crypto.Keys.toChecksumAddress(unlisted.getContractAddress());
        PaymentOrder tokenOrder = order(Optional.of(unlistedToken), PaymentMethod.PLAIN_TRANSFER, freshItems(1));
        PaymentOrder toContract = order(Optional.empty(), PaymentMethod.PLAIN_TRANSFER,
                List.of(new PaymentItem(new InstructionId(UUID.randomUUID()), unlistedToken, BigInteger.ONE)));
        enqueue(orders, tokenOrder);
        enqueue(orders, toContract);

        driveToEnd(execution, tokenOrder.orderId(), "FAILED");
        driveToEnd(execution, toContract.orderId(), "FAILED");

        assertTrue(orderColumn(tokenOrder.orderId(), "failure_reason").contains("is not on the allowlist"));
        assertTrue(orderColumn(toContract.orderId(), "failure_reason").contains("is a contract"));
        assertEquals(0, storedTransactionCount(tokenOrder.orderId()) + storedTransactionCount(toContract.orderId()));
    }

    @Test
    void aTransactionThatRevertsOnChainFailsTheOrderAtDepth() throws Exception {
        // Why: a mined but reverted payment paid nobody; settlement must hear it failed, not that it was paid.
        String operator = ExecutionChainTestResource.OPERATOR.getAddress();
        mintingToken(revertProbeToken()).mint(operator, BigInteger.valueOf(100)).send();
        PaymentOrder first = order(Optional.of(revertProbeToken()), PaymentMethod.PLAIN_TRANSFER, freshItems(100));
        PaymentOrder second = order(Optional.of(revertProbeToken()), PaymentMethod.PLAIN_TRANSFER, freshItems(100));
        enqueue(orders, first);
        enqueue(orders, second);
        // Both are signed while the operator still holds 100: each alone would succeed.
        execution.sign(first.orderId());
        execution.sign(second.orderId());

        driveToEnd(execution, first.orderId(), "CONFIRMED");
        driveToEnd(execution, second.orderId(), "FAILED");

        assertTrue(orderColumn(second.orderId(), "failure_reason").contains("reverted in block"));
        assertEquals(1, events.failedFor(second.orderId()).size());
        assertEquals(Optional.of(true), events.insideTransaction(second.orderId()));
        TestToken probe = token(revertProbeToken());
        assertEquals(BigInteger.valueOf(100), probe.balanceOf(first.items().getFirst().recipient()).send());
        assertEquals(BigInteger.ZERO, probe.balanceOf(second.items().getFirst().recipient()).send());
    }

    @Test
    void nothingIsSignedWhileTheBaseFeeIsAboveTheCeiling() throws Exception {
        // Why: the ceiling bounds what a payout may cost in fees; above it the order waits instead of overpaying.
        PaymentOrder order = order(Optional.empty(), PaymentMethod.PLAIN_TRANSFER, freshItems(7));
        enqueue(orders, order);
        anvil("anvil_setNextBlockBaseFeePerGas", "0x" + new BigInteger("600000000000").toString(16));
        mineBlocks(1);
        try {
            execution.advance(order.orderId());

            assertEquals(CallState.QUEUED, execution.state(order.orderId()));
            assertEquals(0, storedTransactionCount(order.orderId()));
        } finally {
            anvil("anvil_setNextBlockBaseFeePerGas", "0x3b9aca00");
            mineBlocks(1);
        }
        driveToEnd(execution, order.orderId(), "CONFIRMED");
        Transaction1559 signed = (Transaction1559) TransactionDecoder.decode(
                (String) storedTransactions(order.orderId()).getFirst()[3]).getTransaction();
        assertTrue(signed.getMaxFeePerGas().compareTo(new BigInteger("500000000000")) <= 0);
    }

    @Test
    void aTransactionNotMinedInTimeIsReplacedAtTheSameNonceWithHigherFees() throws Exception {
        // Why: a payment stuck behind low fees must go through without ever becoming a second payment.
        PaymentOrder order = order(Optional.empty(), PaymentMethod.BATCH_CONTRACT, freshItems(11, 22));
        enqueue(orders, order);
        anvil("evm_setAutomine", false);
        try {
            execution.advance(order.orderId());
            execution.advance(order.orderId());
            assertEquals(1, storedTransactionCount(order.orderId()), "broadcast, waiting in the pool");
            Thread.sleep(1_100);

            execution.advance(order.orderId());

            List<Object[]> stored = storedTransactions(order.orderId());
            assertEquals(2, stored.size());
            assertEquals(stored.get(0)[2], stored.get(1)[2], "same nonce");
            assertTrue(new BigInteger((String) stored.get(1)[6]).compareTo(new BigInteger((String) stored.get(0)[6])) > 0);
            assertNotEquals(stored.get(0)[0], stored.get(1)[0]);
            mineBlocks(1);
        } finally {
            anvil("evm_setAutomine", true);
        }
        driveToEnd(execution, order.orderId(), "CONFIRMED");

        assertEquals(storedTransactions(order.orderId()).get(1)[0], orderColumn(order.orderId(), "confirmed_tx_hash"));
        for (PaymentItem item : order.items()) {
            assertEquals(item.amount(), nativeBalance(web3j, item.recipient()), "paid once");
        }
        assertTrue(web3j.ethGetTransactionReceipt((String) storedTransactions(order.orderId()).get(0)[0]).send()
                .getTransactionReceipt().isEmpty(), "the replaced transaction was never mined");
    }
}

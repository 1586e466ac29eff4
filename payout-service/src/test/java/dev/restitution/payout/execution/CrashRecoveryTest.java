package dev.restitution.payout.execution;

import static dev.restitution.payout.execution.ExecutionFixture.anvil;
import static dev.restitution.payout.execution.ExecutionFixture.driveToEnd;
import static dev.restitution.payout.execution.ExecutionFixture.enqueue;
import static dev.restitution.payout.execution.ExecutionFixture.freshItems;
import static dev.restitution.payout.execution.ExecutionFixture.mineBlocks;
import static dev.restitution.payout.execution.ExecutionFixture.nativeBalance;
import static dev.restitution.payout.execution.ExecutionFixture.order;
import static dev.restitution.payout.execution.ExecutionFixture.orderColumn;
import static dev.restitution.payout.execution.ExecutionFixture.storedTransactions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.contracts.solidity.BatchPayout;
import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.engine.CallOwner;
import dev.restitution.payout.engine.CallRecords;
import dev.restitution.payout.engine.ChainReader;
import dev.restitution.payout.engine.EvmChains;
import dev.restitution.payout.engine.Signing;
import dev.restitution.payout.engine.TransactionEngine;
import dev.restitution.payout.engine.domain.CallState;
import dev.restitution.payout.engine.persistence.ChainCallStore;
import dev.restitution.payout.engine.persistence.Nonces;
import dev.restitution.payout.engine.signer.TransactionSigner;
import dev.restitution.payout.rail.PaymentItem;
import dev.restitution.payout.rail.PaymentMethod;
import dev.restitution.payout.rail.PaymentOrder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;

/**
 * The service dies at each point of an order's life; a new instance, knowing only the database, finishes it.
 * Afterwards the chain must show every item paid exactly once and agree with the database. The same for
 * reorgs that take a mined payment away.
 */
@QuarkusTest
class CrashRecoveryTest {

    @Inject
    Web3j web3j;
    @Inject
    PaymentOrders orders;
    @Inject
    ChainReader chain;
    @Inject
    TransactionSigner signer;
    @Inject
    ChainCallStore store;
    @Inject
    EvmChains chains;
    @Inject
    CallRecords records;
    @Inject
    Nonces nonces;
    @Inject
    Instance<CallOwner> owners;
    @Inject
    Clock clock;
    @Inject
    PayoutConfig config;
    @Inject
    RecordedPaymentEvents events;

    /** A new step machine with nothing in memory: what a restarted service is. */
    private TransactionEngine freshInstance() {
        return new TransactionEngine(store, chains, new Signing(store, records, nonces, clock), records, nonces, owners,
                clock, config);
    }

    /** Runs {@code untilCrash} on one instance, drops it, and lets a fresh instance finish the order. */
    private void crashThenRecover(BiConsumer<TransactionEngine, UUID> untilCrash, Consumer<PaymentOrder> whileDown)
            throws Exception {
        PaymentOrder order = order(Optional.empty(), PaymentMethod.BATCH_CONTRACT, freshItems(1_000, 2_000, 3_000));
        enqueue(orders, order);
        untilCrash.accept(freshInstance(), order.orderId());
        whileDown.accept(order);

        driveToEnd(freshInstance(), order.orderId(), "CONFIRMED");

        assertPaidExactlyOnce(order);
    }

    private void assertPaidExactlyOnce(PaymentOrder order) throws Exception {
        for (PaymentItem item : order.items()) {
            assertEquals(item.amount(), nativeBalance(web3j, item.recipient()), item.recipient());
        }
        List<Object[]> stored = storedTransactions(order.orderId());
        assertEquals(1, stored.size(), "one signed transaction: the restart re-used it instead of signing anew");
        assertEquals(stored.getFirst()[0], orderColumn(order.orderId(), "confirmed_tx_hash"));
        assertEquals(1, batchPaidEvents(order).size(), "one BatchPaid event for the order's batch id");
        assertEquals(1, events.confirmedFor(order.orderId()).size(), "one PaymentConfirmed");
        PaymentCall again = PaymentCall.of(order.orderId(), order.method(), order.tokenContract(), order.items(),
                config.chains().get(String.valueOf(ExecutionChainTestResource.CHAIN_ID)).batchPayoutContract());
        ChainReader.Estimate second = chain.estimate(signer.address(), again);
        assertTrue(second.refusal().isPresent(), "the contract refuses to pay the order's batch id twice");
    }

    private List<EthLog.LogResult<?>> batchPaidEvents(PaymentOrder order) throws Exception {
        EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST,
                config.chains().get(String.valueOf(ExecutionChainTestResource.CHAIN_ID)).batchPayoutContract()
                        .orElseThrow());
        filter.addSingleTopic(org.web3j.abi.EventEncoder.encode(BatchPayout.BATCHPAID_EVENT));
        filter.addSingleTopic(OnchainBatchId.of(order.orderId()));
        return web3j.ethGetLogs(filter).send().getLogs();
    }

    private static final Consumer<PaymentOrder> NOTHING = order -> {
    };

    @Test
    void diesBeforeSigningAndTheRestartPaysOnce() throws Exception {
        // Why: an order queued but never touched must be picked up from the database alone.
        crashThenRecover((instance, orderId) -> {
        }, NOTHING);
    }

    @Test
    void diesAfterSigningBeforeBroadcastAndTheRestartSendsTheStoredTransaction() throws Exception {
        // Why: a signed, stored transaction must be sent as it is; signing anew could pay twice.
        crashThenRecover(TransactionEngine::sign, NOTHING);
    }

    @Test
    void diesAfterBroadcastBeforeRecordingItAndTheRestartDoesNotPayAgain() throws Exception {
        // Why: the node has the transaction but the database does not know it was sent; sending it again is harmless.
        crashThenRecover(TransactionEngine::sign, order -> {
            String raw = (String) storedTransactions(order.orderId()).getFirst()[3];
            try {
                assertEquals(null, web3j.ethSendRawTransaction(raw).send().getError(), "the dying process's broadcast");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            assertEquals(null, storedTransactions(order.orderId()).getFirst()[4], "the broadcast was never recorded");
        });
    }

    @Test
    void diesAfterMiningBeforeConfirmationIsRecordedAndTheRestartConfirmsOnce() throws Exception {
        // Why: the payment is on-chain and deep; the restart must confirm it, not pay it again.
        crashThenRecover((instance, orderId) -> {
            instance.sign(orderId);
            instance.observe(orderId);
            mineBlocks(5);
            assertEquals(CallState.PENDING, instance.state(orderId), "mined, confirmation not recorded");
        }, NOTHING);
    }

    @Test
    void aReorgThatDropsTheMinedPaymentIsDetectedAndTheSameTransactionIsSentAgain() throws Exception {
        // Why: a payment in an orphaned block was never made; it must be made once, with the same signed transaction.
        PaymentOrder order = order(Optional.empty(), PaymentMethod.BATCH_CONTRACT, freshItems(4_000, 5_000));
        enqueue(orders, order);
        TransactionEngine execution = freshInstance();
        execution.sign(order.orderId());
        observeUntilMined(execution, order.orderId());
        assertNotNull(storedTransactions(order.orderId()).getFirst()[5], "mined and recorded");
        assertEquals(order.items().getFirst().amount(), nativeBalance(web3j, order.items().getFirst().recipient()));

        anvil("anvil_reorg", 1, List.of());
        assertEquals(BigInteger.ZERO, nativeBalance(web3j, order.items().getFirst().recipient()), "the reorg undid it");

        driveToEnd(freshInstance(), order.orderId(), "CONFIRMED");

        Object[] stored = storedTransactions(order.orderId()).getFirst();
        assertEquals(1, ((Number) stored[7]).intValue(), "the reorg was recorded");
        assertPaidExactlyOnce(order);
    }

    @Test
    void aRevertToASnapshotBeforeTheBlockIsTreatedAsAReorg() throws Exception {
        // Why: a deeper reorg (the block and the ones after it gone) must end the same way: paid once.
        PaymentOrder order = order(Optional.empty(), PaymentMethod.BATCH_CONTRACT, freshItems(6_000));
        enqueue(orders, order);
        TransactionEngine execution = freshInstance();
        execution.sign(order.orderId());
        String snapshot = anvil("evm_snapshot").asText();
        execution.observe(order.orderId());
        mineBlocks(1);
        observeUntilMined(execution, order.orderId());
        assertNotNull(storedTransactions(order.orderId()).getFirst()[5], "mined and recorded");

        assertTrue(anvil("evm_revert", snapshot).asBoolean());
        assertEquals(BigInteger.ZERO, nativeBalance(web3j, order.items().getFirst().recipient()));

        driveToEnd(freshInstance(), order.orderId(), "CONFIRMED");

        assertPaidExactlyOnce(order);
    }

    /** anvil mines on arrival, but its receipt may lag a loaded machine: observe for up to 10 s until it is recorded. */
    private static void observeUntilMined(TransactionEngine execution, java.util.UUID orderId) throws InterruptedException {
        for (int attempt = 0; attempt < 100 && storedTransactions(orderId).getFirst()[5] == null; attempt++) {
            execution.observe(orderId);
            Thread.sleep(100);
        }
    }
}

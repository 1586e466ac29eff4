package dev.restitution.payout.execution;

import static dev.restitution.payout.PayoutTestInfrastructure.execute;
import static dev.restitution.payout.execution.ExecutionFixture.batchPayout;
import static dev.restitution.payout.execution.ExecutionFixture.driveToEnd;
import static dev.restitution.payout.execution.ExecutionFixture.enqueue;
import static dev.restitution.payout.execution.ExecutionFixture.freshAddress;
import static dev.restitution.payout.execution.ExecutionFixture.freshItems;
import static dev.restitution.payout.execution.ExecutionFixture.order;
import static dev.restitution.payout.execution.ExecutionFixture.standardToken;
import static dev.restitution.payout.execution.ExecutionFixture.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.contracts.solidity.BatchPayout;
import dev.restitution.payout.engine.TransactionEngine;
import dev.restitution.payout.rail.PaymentMethod;
import dev.restitution.payout.rail.PaymentOrder;
import dev.restitution.payout.reconciliation.ChainReconciliation.Difference;
import dev.restitution.payout.reconciliation.ChainReconciliation.Kind;
import dev.restitution.payout.reconciliation.ChainReconciliation;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;

/** The auditor's comparison of chain and database over a block range, on real payments. */
@QuarkusTest
class ChainReconciliationTest {

    @Inject
    Web3j web3j;
    @Inject
    PaymentOrders orders;
    @Inject
    TransactionEngine execution;
    @Inject
    ChainReconciliation reconciliation;

    @AfterEach
    void stepTheServiceKeyWithTheChain() {
        // everyDisagreementBetweenChainAndDatabaseIsListed pays with the service's key outside the service.
        ExecutionFixture.forgetForeignUseOfTheServiceKey(List.of());
    }

    private long head() throws Exception {
        return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    private PaymentOrder pay(Optional<String> token, PaymentMethod method, long... amounts) {
        PaymentOrder order = order(token, method, freshItems(amounts));
        enqueue(orders, order);
        driveToEnd(execution, order.orderId(), "CONFIRMED");
        return order;
    }

    private static List<Difference> of(ChainReconciliation.Report report, Kind kind) {
        return report.differences().stream().filter(difference -> difference.kind() == kind).toList();
    }

    @Test
    void paymentsMadeByTheServiceReconcileWithoutDifference() throws Exception {
        // Why: an auditor needs "no difference" to mean chain and database agree on every order, item and total.
        long from = head() + 1;
        PaymentOrder nativeBatch = pay(Optional.empty(), PaymentMethod.BATCH_CONTRACT, 10, 20, 30);
        PaymentOrder tokenBatch = pay(Optional.of(standardToken()), PaymentMethod.BATCH_CONTRACT, 40, 50);
        PaymentOrder plainNative = pay(Optional.empty(), PaymentMethod.PLAIN_TRANSFER, 60);
        PaymentOrder plainToken = pay(Optional.of(standardToken()), PaymentMethod.PLAIN_TRANSFER, 70);

        ChainReconciliation.Report report = reconciliation.reconcile(ExecutionChainTestResource.CHAIN_ID, from, head());

        assertEquals(List.of(), report.differences());
        assertEquals(4, report.ordersChecked());
        assertEquals(2, report.eventsChecked());
        // Assets in text order: token addresses ("0x...") before "native".
        assertEquals(List.of(
                new ChainReconciliation.AssetTotal(standardToken(), sum(tokenBatch.items()).add(sum(plainToken.items())),
                        sum(tokenBatch.items()).add(sum(plainToken.items()))),
                new ChainReconciliation.AssetTotal("native", sum(nativeBatch.items()).add(sum(plainNative.items())),
                        sum(nativeBatch.items()).add(sum(plainNative.items())))),
                report.totals());
    }

    @Test
    void everyDisagreementBetweenChainAndDatabaseIsListed() throws Exception {
        // Why: a tampered database, a payment nobody ordered and a confirmation without a transaction must all show,
        // each by what the chain shows: events, transactions, receipts and the recipients' balances.
        long from = head() + 1;
        PaymentOrder tampered = pay(Optional.empty(), PaymentMethod.BATCH_CONTRACT, 100, 200);
        PaymentOrder redirected = pay(Optional.empty(), PaymentMethod.PLAIN_TRANSFER, 300);
        execute("update payment_item set amount_minor_units = 101 where order_id = '%s' and position = 0"
                .formatted(tampered.orderId()));
        execute("update payment_item set recipient = '%s' where order_id = '%s'"
                .formatted(freshAddress(), redirected.orderId()));
        BatchPayout operatorView = BatchPayout.load(batchPayout(), web3j,
                new RawTransactionManager(web3j, ExecutionChainTestResource.OPERATOR, ExecutionChainTestResource.CHAIN_ID,
                        new PollingTransactionReceiptProcessor(web3j, 50, 400)),
                new StaticGasProvider(Convert.toWei("10", Convert.Unit.GWEI).toBigIntegerExact(), BigInteger.valueOf(500_000)));
        byte[] rogueBatchId = new byte[32];
        new java.security.SecureRandom().nextBytes(rogueBatchId);
        String rogueTx = operatorView.payNative(rogueBatchId, List.of(BatchItems.word(freshAddress(), BigInteger.valueOf(5))),
                BigInteger.valueOf(5)).send().getTransactionHash();
        UUID phantom = UUID.randomUUID();
        long phantomBlock = head();
        execute("""
                insert into payment_order (id, batch_id, incident_id, chain_id, token_contract, method, item_count,
                    total_minor_units, items_hash, onchain_batch_id, state, sender, nonce, confirmed_tx_hash,
                    confirmed_block_number, queued_at, updated_at, signed_at)
                values ('%s', '%s', '%s', 31337, null, 'BATCH_CONTRACT', 1, 9, '0x%s', '%s', 'CONFIRMED',
                    '%s', 999999, '0x%s', %d, now(), now(), now())"""
                .formatted(phantom, UUID.randomUUID(), UUID.randomUUID(), "ab".repeat(32), OnchainBatchId.of(phantom),
                        ExecutionChainTestResource.OPERATOR.getAddress(), "cd".repeat(32), phantomBlock));

        ChainReconciliation.Report report = reconciliation.reconcile(ExecutionChainTestResource.CHAIN_ID, from, head());

        assertEquals(List.of(Optional.of(tampered.orderId())),
                of(report, Kind.ITEMS_HASH_MISMATCH).stream().map(Difference::orderId).toList());
        assertTrue(of(report, Kind.TOTAL_MISMATCH).getFirst().detail().contains("chain 300, database 301"));
        assertEquals(List.of(Optional.of(redirected.orderId())),
                of(report, Kind.TRANSACTION_MISMATCH).stream().map(Difference::orderId).toList());
        assertEquals(List.of(Optional.of(rogueTx)), of(report, Kind.EVENT_WITHOUT_ORDER).stream().map(Difference::txHash).toList());
        assertEquals(List.of(Optional.of(phantom)), of(report, Kind.RECEIPT_MISSING).stream().map(Difference::orderId).toList());
        assertEquals("native: database 601, chain 305", of(report, Kind.ASSET_TOTAL_MISMATCH).getFirst().detail(),
                of(report, Kind.ASSET_TOTAL_MISMATCH).toString());
        assertEquals(List.of(Optional.of(tampered.orderId()), Optional.of(redirected.orderId())),
                of(report, Kind.BALANCE_MISMATCH).stream().map(Difference::orderId).toList(),
                "the chain paid the first recipient 100, not 101, and the recorded recipient nothing");
        assertEquals(8, report.differences().size(), report.differences().toString());
    }

    @Test
    void unboundedOrReversedRangesAreRefused() {
        // Why: one read must stay bounded; a reversed range is a caller's mistake, not an empty report.
        assertThrows(IllegalArgumentException.class, () -> reconciliation.reconcile(ExecutionChainTestResource.CHAIN_ID, 10, 9));
        assertThrows(IllegalArgumentException.class, () -> reconciliation.reconcile(ExecutionChainTestResource.CHAIN_ID, 0,
                ChainReconciliation.MAX_BLOCK_RANGE));
        assertThrows(IllegalArgumentException.class, () -> reconciliation.reconcile(ExecutionChainTestResource.CHAIN_ID, -1, 5));
    }
}

package dev.restitution.payout.reconciliation;

import dev.restitution.contracts.solidity.BatchPayout;
import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.engine.ChainReader;
import dev.restitution.payout.engine.EvmChains;
import dev.restitution.payout.engine.domain.CallState;
import dev.restitution.payout.engine.persistence.Nonces;
import dev.restitution.payout.execution.ExecutionGuard;
import dev.restitution.payout.execution.ItemsHash;
import dev.restitution.payout.execution.PaymentItem;
import dev.restitution.payout.execution.PaymentMethod;
import dev.restitution.payout.execution.PaymentCall;
import dev.restitution.payout.reconciliation.persistence.ReconciledOrders;
import dev.restitution.payout.reconciliation.persistence.ReconciledOrders.ConfirmedOrder;
import dev.restitution.payout.reconciliation.persistence.ReconciledOrders.Scope;
import dev.restitution.payout.reconciliation.persistence.ReconciledOrders.SignedTransaction;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Compares what the chain says was paid, in a block range or for a set of batches (BatchPaid events of the
 * configured contract, the receipts and transactions of confirmed orders, the recipients' balances in the paying
 * block, the senders' transaction counts) with what the database says, and lists every difference. Contract
 * batches are checked against their event (transaction, token, items hash recomputed from the stored items,
 * total, count); plain transfers against their transaction (recipient, value, call data) and receipt.
 */
@ApplicationScoped
public class ChainReconciliation {

    /** A range is bounded so one read stays one bounded log query and one bounded database read. */
    public static final long MAX_BLOCK_RANGE = 100_000;
    public static final int MAX_ORDERS = 5_000;
    /** Recipient balances compared per report: two balance reads each. */
    public static final int MAX_BALANCE_CHECKS = 10_000;
    private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
    private static final String BATCH_PAID_TOPIC = EventEncoder.encode(BatchPayout.BATCHPAID_EVENT);

    public enum Kind {
        /** A confirmed contract batch without a BatchPaid event for its batch id in its transaction. */
        EVENT_MISSING,
        /** A BatchPaid event whose batch id belongs to no payment order. */
        EVENT_WITHOUT_ORDER,
        /** A BatchPaid event for an order the database does not hold as confirmed. */
        ORDER_NOT_CONFIRMED,
        /** The event or receipt is in another transaction or block than the database recorded. */
        WRONG_TRANSACTION,
        TOKEN_MISMATCH,
        ITEMS_HASH_MISMATCH,
        TOTAL_MISMATCH,
        COUNT_MISMATCH,
        /** The confirmed transaction has no receipt (dropped, e.g. by a reorg deeper than the confirmation depth). */
        RECEIPT_MISSING,
        TRANSACTION_REVERTED,
        /** A plain transfer's transaction pays someone or something else than the order. */
        TRANSACTION_MISMATCH,
        /** Per asset, what the database holds as paid differs from what the chain shows paid. */
        ASSET_TOTAL_MISMATCH,
        /** A recipient's balance rose by less in the paying block than the database says it was paid there. */
        BALANCE_MISMATCH,
        /** An instruction recorded as paid by a transaction the chain does not show succeeding in the recorded block. */
        PAID_NOT_ON_CHAIN,
        /** An instruction's state or transaction disagrees with the payment order that pays it. */
        INSTRUCTION_MISMATCH,
        /** The chain counts transactions from a sending address that this service did not sign. */
        FOREIGN_NONCE_USE
    }

    public record Difference(Kind kind, Optional<UUID> orderId, Optional<String> txHash, String detail) {
    }

    /** Per asset ("native" or the token contract): minor units paid according to each side. */
    public record AssetTotal(String asset, BigInteger databaseMinorUnits, BigInteger chainMinorUnits) {
    }

    public record Report(long fromBlock, long toBlock, String batchPayoutContract, int ordersChecked,
                         int eventsChecked, List<AssetTotal> totals, List<Difference> differences) {
    }

    private record Paid(String batchId, String token, String itemsHash, BigInteger total, BigInteger count,
                        String txHash, long blockNumber) {
    }

    private final ReconciledOrders stored;
    private final ChainReader chain;
    private final Nonces nonces;
    private final Optional<String> batchPayoutContract;
    private final long chainId;

    public ChainReconciliation(ReconciledOrders stored, EvmChains chains, Nonces nonces, PayoutConfig config) {
        this.stored = stored;
        this.chainId = config.chain().chainId();
        this.chain = chains.chain(chainId).reader();
        this.nonces = nonces;
        this.batchPayoutContract = config.execution().batchPayoutContract();
    }

    /**
     * @throws IllegalArgumentException for a range that is empty, reversed, longer than {@link #MAX_BLOCK_RANGE}
     *         or holding more than {@link #MAX_ORDERS} confirmed orders
     */
    public Report reconcile(long fromBlock, long toBlock) {
        if (fromBlock < 0 || toBlock < fromBlock || toBlock - fromBlock + 1 > MAX_BLOCK_RANGE) {
            throw new IllegalArgumentException("the block range must be 0 <= fromBlock <= toBlock and at most "
                    + MAX_BLOCK_RANGE + " blocks");
        }
        String contract = contract();
        List<ConfirmedOrder> orders = QuarkusTransaction.requiringNew().call(() ->
                stored.confirmed(chainId, fromBlock, toBlock, MAX_ORDERS));
        Map<String, Paid> events = batchPaidEvents(contract, fromBlock, toBlock);
        List<Difference> differences = new ArrayList<>();
        return compare(fromBlock, toBlock, contract, orders, events, Optional.empty(), differences);
    }

    /**
     * The same comparison for every payment order of the given batches, whatever blocks they were mined in: their
     * confirmed orders against receipts, events and balances; their other orders' signed transactions against the
     * chain (a failed order whose transaction succeeded was paid); their senders' transaction counts against the
     * nonce sequences.
     *
     * @throws IllegalArgumentException when the batches hold more than {@link #MAX_ORDERS} orders
     */
    public Report reconcileBatches(Collection<UUID> batchIds) {
        String contract = contract();
        Scope scope = QuarkusTransaction.requiringNew().call(() -> stored.scope(chainId, batchIds, MAX_ORDERS));
        List<ConfirmedOrder> orders = scope.confirmed();
        List<Difference> differences = new ArrayList<>();
        long fromBlock = orders.stream().mapToLong(ConfirmedOrder::blockNumber).min().orElse(0);
        long toBlock = orders.stream().mapToLong(ConfirmedOrder::blockNumber).max().orElse(0);
        Map<String, Paid> events = new LinkedHashMap<>();
        if (!orders.isEmpty()) {
            for (long from = fromBlock; from <= toBlock; from += MAX_BLOCK_RANGE) {
                events.putAll(batchPaidEvents(contract, from, Math.min(toBlock, from + MAX_BLOCK_RANGE - 1)));
            }
        }
        scope.signedUnconfirmed().forEach(transaction -> checkUnconfirmed(transaction, differences));
        scope.senders().forEach(sender -> checkSender(sender, differences));
        return compare(fromBlock, toBlock, contract, orders, events, Optional.of(scope.orderIds()), differences);
    }

    private String contract() {
        return batchPayoutContract.orElseThrow(() -> new IllegalStateException("no BatchPayout contract is configured"));
    }

    /**
     * Compares confirmed orders with their receipts, events and recipients' balances, and lists the events no order
     * of the comparison explains. {@code scopeOrders}: when present, events of orders outside it are left out.
     */
    private Report compare(long fromBlock, long toBlock, String contract, List<ConfirmedOrder> orders,
                           Map<String, Paid> events, Optional<Set<UUID>> scopeOrders, List<Difference> differences) {
        int eventCount = events.size();
        Map<String, BigInteger[]> totals = new TreeMap<>();
        BalanceRises rises = new BalanceRises(MAX_BALANCE_CHECKS);
        for (ConfirmedOrder order : orders) {
            BigInteger databaseTotal = order.items().stream().map(PaymentItem::amount).reduce(BigInteger.ZERO, BigInteger::add);
            boolean mined = checkReceipt(order, differences);
            BigInteger chainTotal = mined
                    ? (order.method() == PaymentMethod.BATCH_CONTRACT
                            ? checkBatch(order, events.remove(order.onchainBatchId()), databaseTotal, differences)
                            : checkPlainTransfer(order, databaseTotal, differences))
                    : BigInteger.ZERO;
            if (mined) {
                rises.expect(order);
            }
            BigInteger[] sums = totals.computeIfAbsent(order.token().orElse(ExecutionGuard.NATIVE),
                    asset -> new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
            sums[0] = sums[0].add(databaseTotal);
            sums[1] = sums[1].add(chainTotal);
        }
        differences.addAll(rises.check(chain));
        for (Paid unmatched : events.values()) {
            if (!explainUnmatched(unmatched, scopeOrders, differences)) {
                continue;
            }
            BigInteger[] sums = totals.computeIfAbsent(unmatched.token().equals(ZERO_ADDRESS) ? ExecutionGuard.NATIVE
                    : unmatched.token(), asset -> new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
            sums[1] = sums[1].add(unmatched.total());
        }
        List<AssetTotal> assetTotals = new ArrayList<>();
        totals.forEach((asset, sums) -> {
            assetTotals.add(new AssetTotal(asset, sums[0], sums[1]));
            if (!sums[0].equals(sums[1])) {
                differences.add(new Difference(Kind.ASSET_TOTAL_MISMATCH, Optional.empty(), Optional.empty(),
                        asset + ": database " + sums[0] + ", chain " + sums[1]));
            }
        });
        return new Report(fromBlock, toBlock, contract, orders.size(), eventCount, assetTotals, differences);
    }

    /**
     * A FAILED order whose signed payment transaction succeeded on the canonical chain paid although the database
     * says not. (Its cancellation, which moves nothing, is not among them: that one succeeding is why it failed.)
     */
    private void checkUnconfirmed(SignedTransaction transaction, List<Difference> differences) {
        if (transaction.state() != CallState.FAILED) {
            return;
        }
        Optional<TransactionReceipt> receipt = chain.receipt(transaction.txHash());
        boolean paid = receipt.isPresent() && receipt.get().isStatusOK()
                && chain.canonicalHash(receipt.get().getBlockNumber().longValueExact())
                        .filter(receipt.get().getBlockHash()::equals).isPresent();
        if (paid) {
            differences.add(new Difference(Kind.ORDER_NOT_CONFIRMED, Optional.of(transaction.orderId()),
                    Optional.of(transaction.txHash()), "paid on-chain in block " + receipt.get().getBlockNumber()
                    + " but the order is " + transaction.state()));
        }
    }

    /** A sending address whose key the chain shows used elsewhere: halted already, or counted above its sequence. */
    private void checkSender(String sender, List<Difference> differences) {
        Optional<Nonces.Halt> halt = QuarkusTransaction.requiringNew().call(() -> nonces.halt(chainId, sender));
        if (halt.isPresent()) {
            differences.add(new Difference(Kind.FOREIGN_NONCE_USE, Optional.empty(), Optional.empty(),
                    "sending address " + sender + " is halted since " + halt.get().detectedAt() + ": "
                    + halt.get().reason()));
            return;
        }
        Optional<BigInteger> stored = QuarkusTransaction.requiringNew().call(() -> nonces.stored(chainId, sender));
        BigInteger counted = chain.pendingNonce(sender);
        if (stored.isPresent() && counted.compareTo(stored.get()) > 0) {
            differences.add(new Difference(Kind.FOREIGN_NONCE_USE, Optional.empty(), Optional.empty(),
                    "the chain counts " + counted + " transactions from " + sender + ", this service signed nonces below "
                    + stored.get() + " only; execution halts the address at its next check"));
        }
    }

    private Map<String, Paid> batchPaidEvents(String contract, long fromBlock, long toBlock) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)), contract);
        filter.addSingleTopic(BATCH_PAID_TOPIC);
        Map<String, Paid> events = new LinkedHashMap<>();
        for (Log log : chain.logs(filter)) {
            if (log.isRemoved()) {
                continue;
            }
            BatchPayout.BatchPaidEventResponse event = BatchPayout.getBatchPaidEventFromLog(log);
            String batchId = Numeric.toHexString(event.batchId);
            events.put(batchId, new Paid(batchId, event.token.toLowerCase(Locale.ROOT),
                    Numeric.toHexString(event.itemsHash), event.total, event.count, log.getTransactionHash(),
                    log.getBlockNumber().longValueExact()));
        }
        return events;
    }

    /** True when the confirmed transaction's receipt is where the database says and succeeded. */
    private boolean checkReceipt(ConfirmedOrder order, List<Difference> differences) {
        Optional<TransactionReceipt> receipt = chain.receipt(order.txHash());
        if (receipt.isEmpty()) {
            differences.add(difference(Kind.RECEIPT_MISSING, order, "no receipt for the confirmed transaction"));
            return false;
        }
        if (receipt.get().getBlockNumber().longValueExact() != order.blockNumber()) {
            differences.add(difference(Kind.WRONG_TRANSACTION, order, "mined in block " + receipt.get().getBlockNumber()
                    + ", recorded in block " + order.blockNumber()));
        }
        if (!receipt.get().isStatusOK()) {
            differences.add(difference(Kind.TRANSACTION_REVERTED, order, "the confirmed transaction reverted"));
            return false;
        }
        return true;
    }

    /** Compares the order with its BatchPaid event; answers what the chain shows paid for it. */
    private BigInteger checkBatch(ConfirmedOrder order, Paid event, BigInteger databaseTotal, List<Difference> differences) {
        if (event == null) {
            differences.add(difference(Kind.EVENT_MISSING, order, "no BatchPaid event for batch id " + order.onchainBatchId()));
            return BigInteger.ZERO;
        }
        if (!event.txHash().equals(order.txHash())) {
            differences.add(difference(Kind.WRONG_TRANSACTION, order, "BatchPaid is in transaction " + event.txHash()));
        }
        String token = order.token().map(address -> address.toLowerCase(Locale.ROOT)).orElse(ZERO_ADDRESS);
        if (!event.token().equals(token)) {
            differences.add(difference(Kind.TOKEN_MISMATCH, order, "chain " + event.token() + ", database " + token));
        }
        String itemsHash = ItemsHash.of(order.items().stream().map(PaymentItem::recipient).toList(),
                order.items().stream().map(PaymentItem::amount).toList());
        if (!event.itemsHash().equals(itemsHash)) {
            differences.add(difference(Kind.ITEMS_HASH_MISMATCH, order, "chain " + event.itemsHash() + ", database items " + itemsHash));
        }
        if (!event.total().equals(databaseTotal)) {
            differences.add(difference(Kind.TOTAL_MISMATCH, order, "chain " + event.total() + ", database " + databaseTotal));
        }
        if (!event.count().equals(BigInteger.valueOf(order.items().size()))) {
            differences.add(difference(Kind.COUNT_MISMATCH, order, "chain " + event.count() + ", database " + order.items().size()));
        }
        return event.total();
    }

    /** Compares the plain transfer's transaction with the order; answers what the chain shows paid for it. */
    private BigInteger checkPlainTransfer(ConfirmedOrder order, BigInteger databaseTotal, List<Difference> differences) {
        Transaction transaction = chain.transaction(order.txHash()).orElse(null);
        PaymentCall expected = PaymentCall.of(order.id(), order.method(), order.token(), order.items(), batchPayoutContract);
        boolean same = transaction != null
                && expected.to().equalsIgnoreCase(String.valueOf(transaction.getTo()))
                && expected.value().equals(transaction.getValue())
                && Numeric.cleanHexPrefix(expected.data()).equalsIgnoreCase(Numeric.cleanHexPrefix(transaction.getInput()));
        if (!same) {
            differences.add(difference(Kind.TRANSACTION_MISMATCH, order, "the transaction does not pay the order's item"));
            return BigInteger.ZERO;
        }
        return databaseTotal;
    }

    /** Lists an event no compared order explains; answers false for an event of an order outside the scope. */
    private boolean explainUnmatched(Paid event, Optional<Set<UUID>> scopeOrders, List<Difference> differences) {
        Optional<ReconciledOrders.ByBatchId> order = QuarkusTransaction.requiringNew().call(() ->
                stored.byOnchainBatchId(event.batchId()));
        if (order.isEmpty()) {
            differences.add(new Difference(Kind.EVENT_WITHOUT_ORDER, Optional.empty(), Optional.of(event.txHash()),
                    "BatchPaid for batch id " + event.batchId() + " (total " + event.total() + ") matches no payment order"));
            return true;
        }
        UUID orderId = order.get().orderId();
        if (scopeOrders.isPresent() && !scopeOrders.get().contains(orderId)) {
            return false;
        }
        if (order.get().state() != CallState.CONFIRMED) {
            differences.add(new Difference(Kind.ORDER_NOT_CONFIRMED, Optional.of(orderId), Optional.of(event.txHash()),
                    "paid on-chain in block " + event.blockNumber() + " but the order is " + order.get().state()));
        } else {
            differences.add(new Difference(Kind.WRONG_TRANSACTION, Optional.of(orderId), Optional.of(event.txHash()),
                    "paid on-chain in block " + event.blockNumber() + " but recorded as confirmed in block " + order.get().confirmedBlockNumber().orElseThrow()));
        }
        return true;
    }

    private static Difference difference(Kind kind, ConfirmedOrder order, String detail) {
        return new Difference(kind, Optional.of(order.id()), Optional.of(order.txHash()), detail);
    }
}

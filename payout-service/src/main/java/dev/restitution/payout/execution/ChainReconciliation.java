package dev.restitution.payout.execution;

import dev.restitution.contracts.solidity.BatchPayout;
import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.execution.persistence.PaymentOrderEntity;
import dev.restitution.payout.execution.persistence.PaymentOrderState;
import dev.restitution.payout.execution.persistence.PaymentTransactionEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
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

    private record ConfirmedOrder(UUID id, PaymentMethod method, Optional<String> token, List<PaymentItem> items,
                                  String onchainBatchId, String txHash, long blockNumber) {
    }

    private final EntityManager entityManager;
    private final Web3j web3j;
    private final ChainReader chain;
    private final Nonces nonces;
    private final Optional<String> batchPayoutContract;
    private final long chainId;

    public ChainReconciliation(EntityManager entityManager, Web3j web3j, ChainReader chain, Nonces nonces,
                               PayoutConfig config) {
        this.entityManager = entityManager;
        this.web3j = web3j;
        this.chain = chain;
        this.nonces = nonces;
        this.batchPayoutContract = config.execution().batchPayoutContract();
        this.chainId = config.chain().chainId();
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
        List<ConfirmedOrder> orders = confirmedOrders(fromBlock, toBlock);
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
        Scope scope = scope(batchIds);
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
        Map<BalanceKey, Expected> expectedRises = new LinkedHashMap<>();
        for (ConfirmedOrder order : orders) {
            BigInteger databaseTotal = order.items().stream().map(PaymentItem::amount).reduce(BigInteger.ZERO, BigInteger::add);
            boolean mined = checkReceipt(order, differences);
            BigInteger chainTotal = mined
                    ? (order.method() == PaymentMethod.BATCH_CONTRACT
                            ? checkBatch(order, events.remove(order.onchainBatchId()), databaseTotal, differences)
                            : checkPlainTransfer(order, databaseTotal, differences))
                    : BigInteger.ZERO;
            if (mined) {
                expectRises(order, expectedRises);
            }
            BigInteger[] sums = totals.computeIfAbsent(order.token().orElse(ExecutionGuard.NATIVE),
                    asset -> new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
            sums[0] = sums[0].add(databaseTotal);
            sums[1] = sums[1].add(chainTotal);
        }
        checkBalances(expectedRises, differences);
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

    // ---- balances: each recipient's balance must rise in the paying block by at least what it was paid there ----

    private record BalanceKey(Optional<String> token, String recipient, long blockNumber) {
    }

    private record Expected(BigInteger amount, UUID orderId, String txHash) {
    }

    private void expectRises(ConfirmedOrder order, Map<BalanceKey, Expected> expectedRises) {
        for (PaymentItem item : order.items()) {
            BalanceKey key = new BalanceKey(order.token(), item.recipient().toLowerCase(Locale.ROOT), order.blockNumber());
            expectedRises.merge(key, new Expected(item.amount(), order.id(), order.txHash()),
                    (earlier, added) -> new Expected(earlier.amount().add(added.amount()), earlier.orderId(),
                            earlier.txHash()));
            if (expectedRises.size() > MAX_BALANCE_CHECKS) {
                throw new IllegalArgumentException("the comparison pays more than " + MAX_BALANCE_CHECKS
                        + " recipients; narrow it");
            }
        }
    }

    /**
     * A recipient's balance may rise by more than this service paid it in a block (others pay it too), never by
     * less: less means the chain did not pay what the database says it paid.
     */
    private void checkBalances(Map<BalanceKey, Expected> expectedRises, List<Difference> differences) {
        expectedRises.forEach((key, expected) -> {
            BigInteger before = key.blockNumber() == 0 ? BigInteger.ZERO
                    : chain.balanceAt(key.token(), key.recipient(), key.blockNumber() - 1);
            BigInteger rise = chain.balanceAt(key.token(), key.recipient(), key.blockNumber()).subtract(before);
            if (rise.compareTo(expected.amount()) < 0) {
                differences.add(new Difference(Kind.BALANCE_MISMATCH, Optional.of(expected.orderId()),
                        Optional.of(expected.txHash()), key.recipient() + " " + key.token().orElse(ExecutionGuard.NATIVE)
                        + " rose by " + rise + " in block " + key.blockNumber() + ", database says paid "
                        + expected.amount()));
            }
        });
    }

    // ---- a scope of batches -------------------------------------------------------------------------------

    private record SignedTransaction(UUID orderId, PaymentOrderState state, String txHash) {
    }

    private record Scope(Set<UUID> orderIds, List<ConfirmedOrder> confirmed, List<SignedTransaction> signedUnconfirmed,
                         Set<String> senders, long chainId) {
    }

    private Scope scope(Collection<UUID> batchIds) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (batchIds.isEmpty()) {
                return new Scope(Set.of(), List.of(), List.of(), Set.of(), chainId);
            }
            List<PaymentOrderEntity> entities = entityManager.createQuery("""
                            select o from PaymentOrderEntity o where o.batchId in :batches
                            order by o.confirmedBlockNumber, o.id""", PaymentOrderEntity.class)
                    .setParameter("batches", batchIds).setMaxResults(MAX_ORDERS + 1).getResultList();
            if (entities.size() > MAX_ORDERS) {
                throw new IllegalArgumentException("the scope holds more than " + MAX_ORDERS + " payment orders; narrow it");
            }
            Set<UUID> ids = new LinkedHashSet<>();
            List<ConfirmedOrder> confirmed = new ArrayList<>();
            List<UUID> unconfirmed = new ArrayList<>();
            Set<String> senders = new TreeSet<>();
            for (PaymentOrderEntity entity : entities) {
                ids.add(entity.id);
                if (entity.sender != null) {
                    senders.add(entity.sender);
                }
                if (entity.state == PaymentOrderState.CONFIRMED) {
                    confirmed.add(toConfirmed(entity));
                } else if (entity.sender != null) {
                    unconfirmed.add(entity.id);
                }
            }
            Map<UUID, PaymentOrderState> states = new java.util.HashMap<>();
            entities.forEach(entity -> states.put(entity.id, entity.state));
            List<SignedTransaction> signed = unconfirmed.isEmpty() ? List.of() : entityManager.createQuery("""
                            select t from PaymentTransactionEntity t where t.orderId in :orders and t.cancels = false
                            order by t.orderId, t.attempt""",
                            PaymentTransactionEntity.class)
                    .setParameter("orders", unconfirmed).getResultList().stream()
                    .map(transaction -> new SignedTransaction(transaction.orderId, states.get(transaction.orderId),
                            transaction.txHash)).toList();
            return new Scope(ids, confirmed, signed, senders, chainId);
        });
    }

    /**
     * A FAILED order whose signed payment transaction succeeded on the canonical chain paid although the database
     * says not. (Its cancellation, which moves nothing, is not among them: that one succeeding is why it failed.)
     */
    private void checkUnconfirmed(SignedTransaction transaction, List<Difference> differences) {
        if (transaction.state() != PaymentOrderState.FAILED) {
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

    private List<ConfirmedOrder> confirmedOrders(long fromBlock, long toBlock) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<PaymentOrderEntity> entities = entityManager.createQuery("""
                            select o from PaymentOrderEntity o where o.state = :confirmed
                            and o.confirmedBlockNumber between :from and :to order by o.confirmedBlockNumber, o.id""",
                            PaymentOrderEntity.class)
                    .setParameter("confirmed", PaymentOrderState.CONFIRMED)
                    .setParameter("from", fromBlock).setParameter("to", toBlock)
                    .setMaxResults(MAX_ORDERS + 1).getResultList();
            if (entities.size() > MAX_ORDERS) {
                throw new IllegalArgumentException("the range holds more than " + MAX_ORDERS + " confirmed orders; narrow it");
            }
            return entities.stream().map(ChainReconciliation::toConfirmed).toList();
        });
    }

    private static ConfirmedOrder toConfirmed(PaymentOrderEntity entity) {
        return new ConfirmedOrder(entity.id, entity.method, Optional.ofNullable(entity.tokenContract),
                PaymentOrders.toItems(entity), entity.onchainBatchId, entity.confirmedTxHash, entity.confirmedBlockNumber);
    }

    private Map<String, Paid> batchPaidEvents(String contract, long fromBlock, long toBlock) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)), contract);
        filter.addSingleTopic(BATCH_PAID_TOPIC);
        EthLog answer;
        try {
            answer = web3j.ethGetLogs(filter).send();
        } catch (IOException unreachable) {
            throw new ChainReader.ChainUnavailableException("the node cannot list events: " + unreachable.getMessage(), unreachable);
        }
        if (answer.hasError()) {
            throw new ChainReader.ChainUnavailableException("the node cannot list events: " + answer.getError().getMessage(), null);
        }
        Map<String, Paid> events = new LinkedHashMap<>();
        for (EthLog.LogResult<?> result : answer.getLogs()) {
            Log log = (Log) result.get();
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
        Transaction transaction;
        try {
            transaction = web3j.ethGetTransactionByHash(order.txHash()).send().getTransaction().orElse(null);
        } catch (IOException unreachable) {
            throw new ChainReader.ChainUnavailableException("the node cannot read a transaction: " + unreachable.getMessage(), unreachable);
        }
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
        Object[] order = QuarkusTransaction.requiringNew().call(() -> {
            List<?> rows = entityManager.createNativeQuery("""
                            select cast(id as text), state, confirmed_block_number from payment_order
                            where onchain_batch_id = :batchId""")
                    .setParameter("batchId", event.batchId()).getResultList();
            return rows.isEmpty() ? null : (Object[]) rows.getFirst();
        });
        if (order == null) {
            differences.add(new Difference(Kind.EVENT_WITHOUT_ORDER, Optional.empty(), Optional.of(event.txHash()),
                    "BatchPaid for batch id " + event.batchId() + " (total " + event.total() + ") matches no payment order"));
            return true;
        }
        UUID orderId = UUID.fromString((String) order[0]);
        if (scopeOrders.isPresent() && !scopeOrders.get().contains(orderId)) {
            return false;
        }
        if (!PaymentOrderState.CONFIRMED.name().equals(order[1])) {
            differences.add(new Difference(Kind.ORDER_NOT_CONFIRMED, Optional.of(orderId), Optional.of(event.txHash()),
                    "paid on-chain in block " + event.blockNumber() + " but the order is " + order[1]));
        } else {
            differences.add(new Difference(Kind.WRONG_TRANSACTION, Optional.of(orderId), Optional.of(event.txHash()),
                    "paid on-chain in block " + event.blockNumber() + " but recorded as confirmed in block " + order[2]));
        }
        return true;
    }

    private static Difference difference(Kind kind, ConfirmedOrder order, String detail) {
        return new Difference(kind, Optional.of(order.id()), Optional.of(order.txHash()), detail);
    }
}

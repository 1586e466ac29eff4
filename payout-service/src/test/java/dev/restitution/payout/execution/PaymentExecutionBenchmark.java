package dev.restitution.payout.execution;

import static dev.restitution.payout.execution.ExecutionFixture.anvil;
import static dev.restitution.payout.execution.ExecutionFixture.enqueue;
import static dev.restitution.payout.execution.ExecutionFixture.freshAddress;
import static dev.restitution.payout.execution.ExecutionFixture.order;
import static dev.restitution.payout.execution.ExecutionFixture.standardToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.contracts.solidity.TestToken;
import dev.restitution.payout.engine.TransactionEngine;
import dev.restitution.payout.id.InstructionId;
import dev.restitution.payout.rail.PaymentItem;
import dev.restitution.payout.rail.PaymentMethod;
import dev.restitution.payout.rail.PaymentOrder;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * On demand only (the class name matches none of Surefire's default test patterns):
 * <pre>./mvnw -B -pl payout-service verify -Dtest=PaymentExecutionBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.recipients=10000</pre>
 * Pays {@code bench.recipients} fresh recipients of the standard test ERC-20 from queued payment orders
 * ({@code bench.order-size} items each, through BatchPayout) to confirmation on the devstack's anvil, through
 * the service's own steps and keystore signer, and {@code bench.plain-transfers} plain-transfer orders in the same
 * run. anvil's automine is off: each round signs and broadcasts what is queued, then one block is mined, so
 * blocks are filled as a real chain would fill them. Prints gas per recipient, blocks used against the lower
 * bound (total gas / block gas limit), and wall time; writes them to target/benchmarks/payment-execution.txt.
 */
@QuarkusTest
class PaymentExecutionBenchmark {

    private static final int RECIPIENTS = Integer.getInteger("bench.recipients", 10_000);
    private static final int ORDER_SIZE = Integer.getInteger("bench.order-size", 500);
    private static final int PLAIN_TRANSFERS = Integer.getInteger("bench.plain-transfers", 20);
    private static final int MAX_ROUNDS = 2_000;

    @Inject
    Web3j web3j;
    @Inject
    PaymentOrders orders;
    @Inject
    TransactionEngine execution;

    @Test
    void paysTenThousandRecipientsFromQueuedOrdersToConfirmation() throws Exception {
        // Why: the payout path's cost and speed at the scale of a real incident, measured rather than guessed.
        assertTrue(ORDER_SIZE >= 1 && ORDER_SIZE <= PaymentOrderRules.MAX_ITEMS);
        List<PaymentOrder> batches = new ArrayList<>();
        for (int start = 0; start < RECIPIENTS; start += ORDER_SIZE) {
            List<PaymentItem> items = new ArrayList<>();
            for (int i = start; i < Math.min(RECIPIENTS, start + ORDER_SIZE); i++) {
                items.add(new PaymentItem(new InstructionId(UUID.randomUUID()), freshAddress(), BigInteger.valueOf(1_000 + i)));
            }
            batches.add(order(Optional.of(standardToken()), PaymentMethod.BATCH_CONTRACT, items));
        }
        List<PaymentOrder> plain = new ArrayList<>();
        for (int i = 0; i < PLAIN_TRANSFERS; i++) {
            plain.add(order(Optional.of(standardToken()), PaymentMethod.PLAIN_TRANSFER, List.of(
                    new PaymentItem(new InstructionId(UUID.randomUUID()), freshAddress(), BigInteger.valueOf(7)))));
        }
        long blockGasLimit = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock()
                .getGasLimit().longValueExact();

        long started = System.nanoTime();
        for (PaymentOrder order : batches) {
            enqueue(orders, order);
        }
        long queued = System.nanoTime();
        anvil("evm_setAutomine", false);
        int rounds = 0;
        try {
            while (open(batches) > 0 && rounds++ < MAX_ROUNDS) {
                for (PaymentOrder order : batches) {
                    execution.advance(order.orderId());
                }
                ExecutionFixture.mineBlocks(1);
            }
        } finally {
            anvil("evm_setAutomine", true);
        }
        long confirmed = System.nanoTime();
        assertEquals(0, open(batches), "every batch order confirmed within " + MAX_ROUNDS + " rounds");
        for (PaymentOrder order : plain) {
            enqueue(orders, order);
            ExecutionFixture.driveToEnd(execution, order.orderId(), "CONFIRMED");
        }

        TestToken token = TestToken.load(standardToken(), web3j, new ReadonlyTransactionManager(web3j, standardToken()),
                new DefaultGasProvider());
        for (PaymentOrder order : List.of(batches.getFirst(), batches.getLast())) {
            for (PaymentItem item : List.of(order.items().getFirst(), order.items().getLast())) {
                assertEquals(item.amount(), token.balanceOf(item.recipient()).send(), "paid exactly");
            }
        }
        long[] batchGas = gas(batches);
        long[] plainGas = gas(plain);
        long lowerBound = (batchGas[0] + blockGasLimit - 1) / blockGasLimit;
        List<String> lines = List.of(
                "Payment execution benchmark: standard ERC-20 to fresh recipients, anvil, keystore signer",
                String.format(Locale.ROOT, "recipients %d in %d BatchPayout orders of up to %d; %d plain-transfer orders",
                        RECIPIENTS, batches.size(), ORDER_SIZE, plain.size()),
                String.format(Locale.ROOT, "gas per recipient: BatchPayout %s, plain transfer %s",
                        perRecipient(batchGas[0], RECIPIENTS), perRecipient(plainGas[0], plain.size())),
                String.format(Locale.ROOT, "blocks used %d, lower bound %d (total gas %d / block gas limit %d)",
                        batchGas[1], lowerBound, batchGas[0], blockGasLimit),
                String.format(Locale.ROOT, "wall time: queue %.1f s, queue to all confirmed %.1f s (%d rounds, %d confirmations)",
                        (queued - started) / 1e9, (confirmed - started) / 1e9, rounds,
                        Integer.parseInt(ExecutionFixture.config(ExecutionChainTestResource.CHAIN + "confirmations"))));
        lines.forEach(System.out::println);
        Path report = Path.of("target", "benchmarks", "payment-execution.txt");
        Files.createDirectories(report.getParent());
        Files.write(report, lines);
    }

    private int open(List<PaymentOrder> batches) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Panache.getEntityManager().createNativeQuery(
                        "select count(*) from payment_order where id in (:ids) and state <> 'CONFIRMED'")
                .setParameter("ids", batches.stream().map(PaymentOrder::orderId).toList()).getSingleResult()).intValue());
    }

    /** Total gas of the orders' confirmed transactions, and the number of distinct blocks they were mined in. */
    private long[] gas(List<PaymentOrder> paid) {
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) Panache.getEntityManager().createNativeQuery("""
                        select cast(sum(t.gas_used) as text), count(distinct t.mined_block_number)
                        from payment_transaction t join payment_order o on o.confirmed_tx_hash = t.tx_hash
                        where o.id in (:ids)""")
                .setParameter("ids", paid.stream().map(PaymentOrder::orderId).toList()).getSingleResult());
        return new long[] {Long.parseLong((String) row[0]), ((Number) row[1]).longValue()};
    }

    private static String perRecipient(long gas, int recipients) {
        return new BigDecimal(gas).divide(BigDecimal.valueOf(recipients), 0, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}

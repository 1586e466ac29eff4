package dev.restitution.payout.execution;

import static dev.restitution.payout.PayoutTestInfrastructure.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.kit.id.IncidentId;
import dev.restitution.payout.id.BatchId;
import dev.restitution.payout.id.InstructionId;
import dev.restitution.payout.rail.PaymentItem;
import dev.restitution.payout.rail.PaymentMethod;
import dev.restitution.payout.rail.PaymentOrder;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PaymentOrdersTest {

    static final long CHAIN_ID = 31337L;
    static final String ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    static final String BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

    @Inject
    PaymentOrders paymentOrders;

    static PaymentOrder nativeBatch(UUID orderId, PaymentItem... items) {
        return new PaymentOrder(orderId, new BatchId(UUID.randomUUID()), IncidentId.random(), CHAIN_ID, Optional.empty(),
                PaymentMethod.BATCH_CONTRACT,
                List.of(items));
    }

    static PaymentItem item(String recipient, long amount) {
        return new PaymentItem(new InstructionId(UUID.randomUUID()), recipient, BigInteger.valueOf(amount));
    }

    private void enqueue(PaymentOrder order) {
        QuarkusTransaction.requiringNew().run(() -> paymentOrders.enqueue(order));
    }

    private static long itemsOf(UUID orderId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Panache.getEntityManager()
                .createNativeQuery("select count(*) from payment_item where order_id = :id")
                .setParameter("id", orderId).getSingleResult()).longValue());
    }

    @Test
    void enqueueingTheSameOrderTwiceQueuesItOnce() {
        // Why: the batches side may retry after a crash; a retried hand-over must never queue a second payment.
        PaymentOrder order = nativeBatch(UUID.randomUUID(), item(ALICE, 5), item(BOB, 7));
        long before = rows("payment_order");

        enqueue(order);
        enqueue(order);

        assertEquals(before + 1, rows("payment_order"));
        assertEquals(2, itemsOf(order.orderId()));
        String state = QuarkusTransaction.requiringNew().call(() -> (String) Panache.getEntityManager()
                .createNativeQuery("select state || ' ' || total_minor_units || ' ' || onchain_batch_id from payment_order where id = :id")
                .setParameter("id", order.orderId()).getSingleResult());
        assertEquals("QUEUED 12 " + OnchainBatchId.of(order.orderId()), state);
    }

    @Test
    void enqueueOutsideATransactionIsRefused() {
        // Why: the order must be written in the same transaction as the batch's approval, or one can exist without the other.
        assertThrows(TransactionalException.class,
                () -> paymentOrders.enqueue(nativeBatch(UUID.randomUUID(), item(ALICE, 1))));
    }

    @Test
    void reusingAnOrderIdWithOtherContentIsRefused() {
        // Why: an order id names one payment; silently keeping either version would pay the wrong amounts.
        UUID orderId = UUID.randomUUID();
        PaymentItem alice = item(ALICE, 5);
        enqueue(nativeBatch(orderId, alice));

        assertThrows(IllegalArgumentException.class,
                () -> enqueue(nativeBatch(orderId, new PaymentItem(alice.instructionId(), ALICE, BigInteger.valueOf(6)))));
        assertEquals(1, itemsOf(orderId));
    }

    @Test
    void anInstructionAlreadyInALiveOrderIsRefused() {
        // Why: one instruction in two live orders would be paid twice.
        PaymentItem alice = item(ALICE, 5);
        enqueue(nativeBatch(UUID.randomUUID(), alice));
        UUID second = UUID.randomUUID();

        assertThrows(IllegalArgumentException.class, () -> enqueue(nativeBatch(second, item(BOB, 1), alice)));
        assertEquals(0, itemsOf(second));
    }

    @Test
    void malformedOrdersAreRefusedAndNothingIsWritten() {
        // Why: a malformed order that reached the chain could pay the wrong party or amount; it must stop at the door.
        UUID orderId = UUID.randomUUID();
        PaymentItem good = item(ALICE, 5);
        List<UnaryOperator<PaymentOrder>> breakages = List.of(
                order -> new PaymentOrder(orderId, order.batchId(), order.incidentId(), CHAIN_ID, Optional.empty(),
                        PaymentMethod.BATCH_CONTRACT, List.of()),
                order -> new PaymentOrder(orderId, order.batchId(), order.incidentId(), CHAIN_ID, Optional.empty(),
                        PaymentMethod.PLAIN_TRANSFER, List.of(good, item(BOB, 1))),
                order -> nativeBatch(orderId, item(ALICE, 0)),
                order -> nativeBatch(orderId, item(ALICE, -3)),
                order -> nativeBatch(orderId, item(ALICE.toLowerCase().replace("0x70997970c5", "0x70997970C5"), 1)),
                order -> nativeBatch(orderId, item("0x0000000000000000000000000000000000000000", 1)),
                order -> nativeBatch(orderId, item("0x1234", 1)),
                order -> nativeBatch(orderId, good, good),
                order -> new PaymentOrder(orderId, order.batchId(), order.incidentId(), 1L, Optional.empty(),
                        PaymentMethod.BATCH_CONTRACT, List.of(good)),
                order -> new PaymentOrder(orderId, order.batchId(), order.incidentId(), CHAIN_ID, Optional.of("0xdeadbeef"),
                        PaymentMethod.BATCH_CONTRACT, List.of(good)));
        PaymentOrder valid = nativeBatch(orderId, good);
        long ordersBefore = rows("payment_order");

        for (UnaryOperator<PaymentOrder> breakage : breakages) {
            PaymentOrder broken = breakage.apply(valid);
            assertThrows(IllegalArgumentException.class, () -> enqueue(broken), broken.toString());
        }

        assertEquals(ordersBefore, rows("payment_order"));
        assertEquals(0, itemsOf(orderId));
    }

    @Test
    void aContractOrderWithAnAmountAboveTheItemLimitIsRefusedButAPlainTransferOfItIsQueued() {
        // Why: BatchPayout packs each amount into 96 bits; an order it cannot carry must stop here, not fail on chain.
        BigInteger tooLarge = BatchItems.MAX_AMOUNT.add(BigInteger.ONE);
        UUID contractOrderId = UUID.randomUUID();
        PaymentOrder contractOrder = nativeBatch(contractOrderId, item(ALICE, 5),
                new PaymentItem(new InstructionId(UUID.randomUUID()), BOB, tooLarge));
        long ordersBefore = rows("payment_order");

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> enqueue(contractOrder));

        assertTrue(refused.getMessage().contains("2^96 - 1"), refused.getMessage());
        assertEquals(ordersBefore, rows("payment_order"));
        assertEquals(0, itemsOf(contractOrderId));
        UUID plainOrderId = UUID.randomUUID();
        enqueue(new PaymentOrder(plainOrderId, new BatchId(UUID.randomUUID()), IncidentId.random(), CHAIN_ID, Optional.empty(),
                PaymentMethod.PLAIN_TRANSFER, List.of(new PaymentItem(new InstructionId(UUID.randomUUID()), BOB, tooLarge))));
        assertEquals(1, itemsOf(plainOrderId));
    }
}

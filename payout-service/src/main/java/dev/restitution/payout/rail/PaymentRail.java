package dev.restitution.payout.rail;

import dev.restitution.payout.execution.PaymentMethod;
import dev.restitution.payout.execution.PaymentOrder;

/**
 * One way of paying payment orders: a contract batch and plain transfers today (through the EVM transaction
 * engine); a pull distribution or credits through an exchange or distribution agent next (through their own
 * channel). A rail plans (refuses, before anything is written, an order it cannot pay), executes its open orders,
 * and reports each order's settlement by firing {@code PaymentConfirmed} or {@code PaymentFailed} in the
 * transaction that records it, which {@code SettlementReports} turns into the events other services read.
 */
public interface PaymentRail {

    /** Whether this rail pays orders of {@code method}. */
    boolean pays(PaymentMethod method);

    /**
     * Plans {@code order} on this rail before it is queued.
     *
     * @throws IllegalArgumentException naming what this rail cannot pay; nothing is written then
     */
    void plan(PaymentOrder order);

    /** Moves the rail's open orders a step toward settlement: one bounded run, each order on its own. */
    void executeOpen();
}

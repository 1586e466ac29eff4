package dev.restitution.payout.reconciliation;

import dev.restitution.payout.engine.ChainReader;
import dev.restitution.payout.execution.ExecutionGuard;
import dev.restitution.payout.execution.PaymentItem;
import dev.restitution.payout.reconciliation.ChainReconciliation.Difference;
import dev.restitution.payout.reconciliation.ChainReconciliation.Kind;
import dev.restitution.payout.reconciliation.persistence.ReconciledOrders.ConfirmedOrder;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Each recipient's balance must rise in the paying block by at least what it was paid there. It may rise by more
 * (others pay it too), never by less: less means the chain did not pay what the database says it paid.
 */
final class BalanceRises {

    private record BalanceKey(Optional<String> token, String recipient, long blockNumber) {
    }

    private record Expected(BigInteger amount, UUID orderId, String txHash) {
    }

    private final int maxChecks;
    private final Map<BalanceKey, Expected> expected = new LinkedHashMap<>();

    BalanceRises(int maxChecks) {
        this.maxChecks = maxChecks;
    }

    /**
     * Adds what a mined order paid each of its recipients in its block.
     *
     * @throws IllegalArgumentException when the comparison pays more recipients than the bound
     */
    void expect(ConfirmedOrder order) {
        for (PaymentItem item : order.items()) {
            BalanceKey key = new BalanceKey(order.token(), item.recipient().toLowerCase(Locale.ROOT), order.blockNumber());
            expected.merge(key, new Expected(item.amount(), order.id(), order.txHash()),
                    (earlier, added) -> new Expected(earlier.amount().add(added.amount()), earlier.orderId(),
                            earlier.txHash()));
            if (expected.size() > maxChecks) {
                throw new IllegalArgumentException("the comparison pays more than " + maxChecks
                        + " recipients; narrow it");
            }
        }
    }

    /** Reads every expected recipient's balance before and in its paying block; lists each that rose by less. */
    List<Difference> check(ChainReader chain) {
        List<Difference> differences = new ArrayList<>();
        expected.forEach((key, paid) -> {
            BigInteger before = key.blockNumber() == 0 ? BigInteger.ZERO
                    : chain.balanceAt(key.token(), key.recipient(), key.blockNumber() - 1);
            BigInteger rise = chain.balanceAt(key.token(), key.recipient(), key.blockNumber()).subtract(before);
            if (rise.compareTo(paid.amount()) < 0) {
                differences.add(new Difference(Kind.BALANCE_MISMATCH, Optional.of(paid.orderId()),
                        Optional.of(paid.txHash()), key.recipient() + " " + key.token().orElse(ExecutionGuard.NATIVE)
                        + " rose by " + rise + " in block " + key.blockNumber() + ", database says paid "
                        + paid.amount()));
            }
        });
        return differences;
    }
}

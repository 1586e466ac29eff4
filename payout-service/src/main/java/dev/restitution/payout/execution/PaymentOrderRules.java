package dev.restitution.payout.execution;

import dev.restitution.kit.chain.Eip55;
import dev.restitution.payout.id.InstructionId;
import dev.restitution.payout.rail.PaymentItem;
import dev.restitution.payout.rail.PaymentMethod;
import dev.restitution.payout.rail.PaymentOrder;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;

/** What a payment order must be before it is queued: a refusal here means nothing was written. */
public final class PaymentOrderRules {

    /** BatchPayout.MAX_ITEMS: the contract refuses a larger batch, so such an order could never be paid. */
    public static final int MAX_ITEMS = 1000;
    private static final BigInteger UINT256_MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    private PaymentOrderRules() {
    }

    /** Throws IllegalArgumentException naming the first thing wrong with {@code order}. */
    public static void check(PaymentOrder order, SortedSet<Long> payoutChainIds) {
        require(order != null, "order is missing");
        require(order.orderId() != null, "orderId is missing");
        require(order.batchId() != null, "batchId is missing");
        require(payoutChainIds.contains(order.chainId()),
                "chain " + order.chainId() + " is not a chain this service pays on " + payoutChainIds);
        require(order.tokenContract() != null, "tokenContract must be an Optional (empty for the native coin)");
        order.tokenContract().ifPresent(token -> requireAddress(token, "tokenContract"));
        require(order.method() != null, "method is missing");
        require(order.items() != null && !order.items().isEmpty(), "an order pays at least one item");
        require(order.items().size() <= MAX_ITEMS, "an order pays at most " + MAX_ITEMS + " items");
        require(order.method() != PaymentMethod.PLAIN_TRANSFER || order.items().size() == 1,
                "a PLAIN_TRANSFER order pays exactly one item");
        Set<InstructionId> instructions = new HashSet<>();
        BigInteger total = BigInteger.ZERO;
        for (int i = 0; i < order.items().size(); i++) {
            PaymentItem item = order.items().get(i);
            require(item != null, "item " + i + " is missing");
            require(item.instructionId() != null, "item " + i + ": instructionId is missing");
            require(instructions.add(item.instructionId()), "item " + i + ": instruction " + item.instructionId()
                    + " appears twice");
            requireAddress(item.recipient(), "item " + i + ": recipient");
            require(item.amount() != null && item.amount().signum() > 0, "item " + i + ": amount must be positive");
            require(order.method() != PaymentMethod.BATCH_CONTRACT || BatchItems.fits(item.amount()), "item " + i
                    + ": amount " + item.amount() + " is above what one BatchPayout item carries (2^96 - 1); pay it by plain transfer");
            total = total.add(item.amount());
        }
        require(total.compareTo(UINT256_MAX) <= 0, "the order's total does not fit a uint256");
    }

    private static void requireAddress(String address, String what) {
        Optional<String> problem = Eip55.problemWith(address);
        require(problem.isEmpty(), what + " " + problem.orElse(""));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

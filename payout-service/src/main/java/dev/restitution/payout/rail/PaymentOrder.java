package dev.restitution.payout.rail;

import dev.restitution.payout.id.BatchId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One on-chain payment = one transaction. tokenContract empty = the chain's native coin. */
public record PaymentOrder(UUID orderId, BatchId batchId, long chainId, Optional<String> tokenContract,
                           PaymentMethod method, List<PaymentItem> items) {
}

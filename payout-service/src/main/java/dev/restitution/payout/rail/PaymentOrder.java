package dev.restitution.payout.rail;

import dev.restitution.kit.id.IncidentId;
import dev.restitution.payout.id.BatchId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One on-chain payment = one transaction, for the incident its batch pays. tokenContract empty = the chain's native
 * coin.
 */
public record PaymentOrder(UUID orderId, BatchId batchId, IncidentId incidentId, long chainId, Optional<String> tokenContract,
                           PaymentMethod method, List<PaymentItem> items) {
}

package dev.restitution.payout.execution;

import dev.restitution.payout.id.BatchId;
import java.time.Instant;
import java.util.UUID;

/**
 * Fired synchronously inside the transaction that records the order as finally failed (refused before
 * signing, or its transaction reverted on-chain); observers write in that same transaction.
 */
public record PaymentFailed(UUID orderId, BatchId batchId, String reason, Instant failedAt) {
}

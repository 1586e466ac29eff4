package dev.restitution.payout.execution;

import dev.restitution.payout.id.BatchId;
import java.time.Instant;
import java.util.UUID;

/**
 * Fired synchronously inside the transaction that records that the chain's node first accepted a transaction paying
 * the order (a replacement is reported again, with its own hash; a cancellation is not); observers write in that
 * same transaction.
 */
public record PaymentBroadcast(UUID orderId, BatchId batchId, long chainId, String txHash, Instant broadcastAt) {
}

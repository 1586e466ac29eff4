package dev.restitution.payout.execution;

import dev.restitution.payout.id.BatchId;
import java.time.Instant;
import java.util.UUID;

/**
 * Fired synchronously inside the transaction that records the order as confirmed to the configured
 * depth; observers write in that same transaction.
 */
public record PaymentConfirmed(UUID orderId, BatchId batchId, String txHash, long blockNumber, Instant confirmedAt) {
}

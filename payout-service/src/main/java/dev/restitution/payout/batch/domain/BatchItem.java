package dev.restitution.payout.batch.domain;

import dev.restitution.kit.id.EntitlementId;
import dev.restitution.payout.id.BatchId;
import dev.restitution.payout.id.InstructionId;
import dev.restitution.payout.rail.PaymentMethod;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** One item of a batch in its position, how it is paid, and (once approved) the payment order that pays it. */
public record BatchItem(BatchId batchId, int position, InstructionId instructionId, EntitlementId entitlementId,
                        String recipient,
                        BigInteger amount, PaymentMethod method, boolean recipientFresh, long estimatedGas,
                        Optional<UUID> orderId) {
    public BatchItem {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(instructionId, "instructionId");
        Objects.requireNonNull(entitlementId, "entitlementId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(orderId, "orderId");
        if (position < 0 || amount.signum() <= 0) {
            throw new IllegalArgumentException("an item has a position and pays a positive amount");
        }
    }

    public BatchHash.Item hashed() {
        return new BatchHash.Item(entitlementId, recipient, amount, method);
    }
}

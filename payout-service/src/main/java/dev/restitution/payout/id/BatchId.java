package dev.restitution.payout.id;

import java.util.Objects;
import java.util.UUID;

/** A payout batch. */
public record BatchId(UUID value) {
    public BatchId {
        Objects.requireNonNull(value, "batchId");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

package dev.restitution.kit.id;

import java.util.Objects;
import java.util.UUID;

/** A distribution round, named by the ledger when it is planned. */
public record RoundId(UUID value) {
    public RoundId {
        Objects.requireNonNull(value, "roundId");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

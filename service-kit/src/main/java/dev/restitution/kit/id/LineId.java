package dev.restitution.kit.id;

import java.util.Objects;
import java.util.UUID;

/** One line of a claim (one asset of one account), named by claims-service; the ledger's liability and payout's instruction refer to it. */
public record LineId(UUID value) {
    public LineId {
        Objects.requireNonNull(value, "lineId");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

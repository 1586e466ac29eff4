package dev.restitution.kit.id;

import java.util.Objects;
import java.util.UUID;

/** One entitlement of a round (what one line is owed up to that round), named by the ledger; payout pays it at most once. */
public record EntitlementId(UUID value) {
    public EntitlementId {
        Objects.requireNonNull(value, "entitlementId");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

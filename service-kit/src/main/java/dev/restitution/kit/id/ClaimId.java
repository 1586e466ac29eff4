package dev.restitution.kit.id;

import java.util.Objects;
import java.util.UUID;

/** A claim, named by claims-service when the claimant opens it. */
public record ClaimId(UUID value) {
    public ClaimId {
        Objects.requireNonNull(value, "claimId");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

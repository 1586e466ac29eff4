package dev.restitution.payout.id;

import java.util.Objects;
import java.util.UUID;

/** A payout instruction: payout-service's record of one entitlement to pay. */
public record InstructionId(UUID value) {
    public InstructionId {
        Objects.requireNonNull(value, "instructionId");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

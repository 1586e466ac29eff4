package dev.restitution.payout.batch.domain;

import dev.restitution.kit.id.EntitlementId;
import dev.restitution.payout.id.InstructionId;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A pending instruction a batch may take, with what the chain said about its recipient when the batch was
 * proposed: fresh = holds none of the asset (native coin: zero balance, zero nonce and no code).
 */
public record Candidate(InstructionId instructionId, EntitlementId entitlementId, String recipient, BigInteger amount,
                        boolean recipientFresh) {
    public Candidate {
        Objects.requireNonNull(instructionId, "instructionId");
        Objects.requireNonNull(entitlementId, "entitlementId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a candidate pays a positive amount");
        }
    }
}

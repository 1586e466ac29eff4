package dev.restitution.payout.batch.domain;

import java.math.BigInteger;
import java.util.Objects;
import java.util.UUID;

/**
 * A pending instruction a batch may take, with what the chain said about its recipient when the batch was
 * proposed: fresh = holds none of the asset (native coin: zero balance, zero nonce and no code).
 */
public record Candidate(UUID instructionId, UUID entitlementId, String recipient, BigInteger amount,
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

package dev.restitution.payout.rail;

import java.math.BigInteger;
import java.util.UUID;

/**
 * One recipient of an on-chain payment. recipient: EIP-55 address; amount > 0 in minor units;
 * instructionId: the payout instruction it pays (lets settlement name the entitlement).
 */
public record PaymentItem(UUID instructionId, String recipient, BigInteger amount) {
}

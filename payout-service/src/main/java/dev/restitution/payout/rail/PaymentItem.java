package dev.restitution.payout.rail;

import dev.restitution.payout.id.InstructionId;
import java.math.BigInteger;

/**
 * One recipient of an on-chain payment. recipient: EIP-55 address; amount > 0 in minor units;
 * instructionId: the payout instruction it pays (lets settlement name the entitlement).
 */
public record PaymentItem(InstructionId instructionId, String recipient, BigInteger amount) {
}

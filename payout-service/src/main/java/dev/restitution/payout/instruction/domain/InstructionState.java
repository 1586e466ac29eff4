package dev.restitution.payout.instruction.domain;

/**
 * The life of a payout instruction: PENDING until a batch takes it (BATCHED), PAID or FAILED with its
 * transaction; HELD_DENIED while its payout address is denylisted (no batch takes it).
 */
public enum InstructionState {
    PENDING, BATCHED, PAID, FAILED, HELD_DENIED
}

package dev.restitution.payout.instruction.domain;

/**
 * The life of a payout instruction: PENDING until a batch takes it (BATCHED), PAID or FAILED with its
 * transaction; HELD_DENIED while its payout address is denylisted (no batch takes it); WAITING_ADDRESS while a change
 * of its claim's payout address on its chain waits out the cool-down (no batch takes it either). The allowed moves
 * are the table in {@link InstructionLifecycle}.
 */
public enum InstructionState {
    PENDING, BATCHED, PAID, FAILED, HELD_DENIED, WAITING_ADDRESS
}

package dev.restitution.devstack;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AnvilTest {

    private final DevStack stack = DevStack.shared();

    /** Payouts are signed for chain 31337 (0x7a69): the local chain must report that id. */
    @Test
    void anvilAnswersChainId31337() {
        assertEquals(0x7a69, AnvilNode.chainId(stack.anvilRpcUrl()));
    }
}

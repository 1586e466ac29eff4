package dev.restitution.devstack;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class AnvilTest {

    private final DevStack stack = DevStack.shared();

    /** Payouts are signed for chain 31337 (0x7a69): the local chain must report that id. */
    @Test
    void anvilAnswersChainId31337() {
        assertEquals(0x7a69, AnvilNode.chainId(stack.anvilRpcUrl()));
    }

    /** Payouts on several chains are tried locally: a second chain, 31338 (0x7a6a), runs on its own endpoint. */
    @Test
    void aSecondAnvilChainAnswersChainId31338() {
        assertEquals(0x7a6a, AnvilNode.chainId(stack.secondAnvilRpcUrl()));
        assertEquals(DevStack.SECOND_ANVIL_CHAIN_ID, AnvilNode.chainId(stack.secondAnvilRpcUrl()));
        assertNotEquals(stack.anvilRpcUrl(), stack.secondAnvilRpcUrl());
    }
}

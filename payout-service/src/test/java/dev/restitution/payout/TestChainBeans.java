package dev.restitution.payout;

import dev.restitution.payout.engine.ChainReader;
import dev.restitution.payout.engine.EvmChain;
import dev.restitution.payout.engine.EvmChains;
import dev.restitution.payout.engine.signer.TransactionSigner;
import jakarta.enterprise.inject.Produces;
import org.web3j.protocol.Web3j;

/**
 * The tests pay on the devstack's anvil chain (31337): its connection, reader and signer as the service's engine
 * holds them, for tests that send, read or sign beside the service.
 */
public class TestChainBeans {

    static final long CHAIN_ID = 31_337L;

    private static EvmChain chain(EvmChains chains) {
        return chains.chain(CHAIN_ID);
    }

    @Produces
    Web3j web3j(EvmChains chains) {
        return chain(chains).web3j();
    }

    @Produces
    ChainReader reader(EvmChains chains) {
        return chain(chains).reader();
    }

    @Produces
    TransactionSigner signer(EvmChains chains) {
        return chain(chains).signer();
    }
}

package dev.restitution.payout.engine;

import dev.restitution.payout.engine.domain.FeePolicy;
import dev.restitution.payout.engine.signer.TransactionSigner;
import java.time.Duration;

/**
 * One configured EVM chain as the engine uses it: its node, the signer of its sending address, its fee policy,
 * the depth at which a transaction counts as final, when a waiting one is replaced, and the bound on a
 * transaction's gas.
 */
public record EvmChain(long chainId, ChainReader reader, TransactionSigner signer, FeePolicy fees, int confirmations,
                       Duration replaceAfter, long maxGasPerTransaction) {

    public EvmChain {
        if (chainId <= 0 || confirmations < 1 || maxGasPerTransaction <= 21_000 || replaceAfter.isNegative()) {
            throw new IllegalArgumentException("chain " + chainId + ": needs a positive chain id, at least one"
                    + " confirmation, a gas bound above 21000 and a non-negative replace-after");
        }
    }
}

package dev.restitution.payout.engine;

import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.engine.domain.FeePolicy;
import dev.restitution.payout.engine.signer.TransactionSigner;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Every EVM chain the engine sends on, by EIP-155 chain id. */
@ApplicationScoped
public class EvmChains {

    private final Map<Long, EvmChain> chains;

    public EvmChains(PayoutConfig config, ChainReader reader, TransactionSigner signer) {
        PayoutConfig.Execution execution = config.execution();
        PayoutConfig.Fees fees = execution.fees();
        EvmChain chain = new EvmChain(config.chain().chainId(), reader, signer,
                new FeePolicy(fees.maxFeePerGasCeilingWei(), fees.priorityFeeWei(), fees.replacementBumpPercent()),
                execution.confirmations(), execution.replaceAfter(), execution.maxGasPerTransaction());
        this.chains = Map.of(chain.chainId(), chain);
    }

    /** The chain, or empty when it is not configured. */
    public Optional<EvmChain> find(long chainId) {
        return Optional.ofNullable(chains.get(chainId));
    }

    /** The chain a stored call names: configured, or the configuration lost a chain with calls on it. */
    public EvmChain chain(long chainId) {
        return find(chainId).orElseThrow(() -> new IllegalStateException("chain " + chainId + " is not configured"));
    }

    public Collection<EvmChain> all() {
        return chains.values();
    }
}

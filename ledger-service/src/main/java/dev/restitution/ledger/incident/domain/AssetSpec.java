package dev.restitution.ledger.incident.domain;

import dev.restitution.kit.chain.AssetId;
import java.util.Objects;
import java.util.Optional;

/** An asset an incident affects: native coin of a chain when {@code tokenContract} is empty. */
public record AssetSpec(String symbol, long chainId, Optional<String> tokenContract, int decimals) {
    public AssetSpec {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(tokenContract, "tokenContract");
    }

    public boolean isNative() {
        return tokenContract.isEmpty();
    }

    /** The asset's CAIP-19 id: its ERC-20 contract on EVM chain {@code chainId}, or the chain's native coin. */
    public AssetId assetId() {
        return AssetId.evm(chainId, tokenContract);
    }
}

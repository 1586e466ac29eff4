package dev.restitution.ledger.incident.domain;

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
}

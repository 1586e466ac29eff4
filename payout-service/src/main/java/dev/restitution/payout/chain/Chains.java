package dev.restitution.payout.chain;

import dev.restitution.payout.engine.EvmChain;
import dev.restitution.payout.engine.EvmChains;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Read access to every chain payout-service has a JSON-RPC endpoint for, keyed by CAIP-2 chain id
 * ({@code eip155:<EIP-155 id>}): the configured chains. A chain without an endpoint is absent, and callers say so
 * instead of guessing.
 */
@ApplicationScoped
public class Chains {

    private static final String EIP155_NAMESPACE = "eip155:";

    private final EvmChains chains;

    public Chains(EvmChains chains) {
        this.chains = chains;
    }

    /** The CAIP-2 id of an EVM chain. */
    public static String caip2(long eip155ChainId) {
        if (eip155ChainId <= 0) {
            throw new IllegalArgumentException("an EIP-155 chain id is positive, not " + eip155ChainId);
        }
        return EIP155_NAMESPACE + eip155ChainId;
    }

    /**
     * The chain (its reader, and the confirmations after which a transaction on it is final), or empty when it is
     * not configured.
     */
    public Optional<EvmChain> chain(String caip2ChainId) {
        if (!caip2ChainId.startsWith(EIP155_NAMESPACE)) {
            return Optional.empty();
        }
        try {
            return chains.find(Long.parseLong(caip2ChainId.substring(EIP155_NAMESPACE.length())));
        } catch (NumberFormatException notEvm) {
            return Optional.empty();
        }
    }
}

package dev.restitution.payout.chain;

import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.engine.ChainReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/**
 * Read access to every chain payout-service has a JSON-RPC endpoint for, keyed by CAIP-2 chain id
 * ({@code eip155:<EIP-155 id>}). Today that is the one configured chain; a chain without an endpoint is
 * absent, and callers say so instead of guessing.
 */
@ApplicationScoped
public class Chains {

    private static final String EIP155_NAMESPACE = "eip155:";

    private final Map<String, ChainReader> readers;
    private final int confirmations;

    public Chains(PayoutConfig config, ChainReader reader) {
        this.readers = Map.of(caip2(config.chain().chainId()), reader);
        this.confirmations = config.execution().confirmations();
    }

    /** The CAIP-2 id of an EVM chain. */
    public static String caip2(long eip155ChainId) {
        if (eip155ChainId <= 0) {
            throw new IllegalArgumentException("an EIP-155 chain id is positive, not " + eip155ChainId);
        }
        return EIP155_NAMESPACE + eip155ChainId;
    }

    /** The chain's reader, or empty when no endpoint is configured for it. */
    public Optional<ChainReader> reader(String caip2ChainId) {
        return Optional.ofNullable(readers.get(caip2ChainId));
    }

    /** Blocks on top of and including a transaction's block before it counts as final (as for payouts). */
    public int confirmations() {
        return confirmations;
    }
}

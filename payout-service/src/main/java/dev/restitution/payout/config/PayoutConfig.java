package dev.restitution.payout.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every setting of payout-service, bounded and with its unit in the name or type. */
@ConfigMapping(prefix = "restitution")
public interface PayoutConfig {

    Chain chain();

    interface Chain {
        /** JSON-RPC endpoint of the chain payouts are sent to. */
        String rpcUrl();

        /** EIP-155 id the endpoint must report; a mismatch means we are talking to the wrong chain. */
        long chainId();

        /** Bound on one JSON-RPC call, so a hung node cannot hang a request or a health check. */
        @WithDefault("5s")
        Duration timeout();
    }
}

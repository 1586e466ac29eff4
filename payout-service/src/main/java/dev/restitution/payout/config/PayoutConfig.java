package dev.restitution.payout.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigInteger;
import java.util.Map;
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

    Batches batches();

    /** Proposing and approving payout batches: bounded in items and gas, approvals by hash. */
    interface Batches {
        /** Items one batch takes at most; BatchPayout refuses more than 1000 in one call. */
        @WithDefault("200")
        int maxItems();

        /** Gas all of one batch's transactions may use together, by the gas model. */
        @WithDefault("30000000")
        long maxGas();

        /** Gas the batch's BatchPayout transaction may use, by the gas model; at most the block gas limit. */
        @WithDefault("15000000")
        long maxTransactionGas();

        /** The chain's block gas limit: a transaction above it can never be mined. */
        @WithDefault("30000000")
        long blockGasLimit();

        /**
         * Per asset symbol: a batch whose total (minor units) is above this needs two distinct approvers.
         * An asset without an entry always needs two.
         */
        Map<String, BigInteger> secondApprovalAboveMinorUnits();

        BatchGas gas();
    }

    /**
     * Gas per recipient, measured by PayoutGasBenchmark on anvil (400 recipients per batch; per added
     * recipient, rounded up) and for plain transactions in the same run.
     */
    interface BatchGas {
        /** Fixed cost of one BatchPayout call (transaction base, calldata head, checks, event). */
        @WithDefault("60000")
        long contractCall();

        @WithDefault("26000")
        long contractTokenFresh();

        @WithDefault("9000")
        long contractTokenFunded();

        /** Native coin to an address that does not exist yet: the call creates the account (25,000 extra). */
        @WithDefault("35300")
        long contractNativeFresh();

        @WithDefault("10300")
        long contractNativeFunded();

        /** A plain transaction of native coin costs the same to fresh and funded addresses. */
        @WithDefault("21000")
        long plainNative();

        @WithDefault("51500")
        long plainTokenFresh();

        @WithDefault("34400")
        long plainTokenFunded();
    }
}

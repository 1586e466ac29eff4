package dev.restitution.payout.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    Execution execution();

    /** Signing, sending and confirming payment orders on the chain. */
    interface Execution {
        /** How often the worker drives open orders: a duration of at least 1s, or "off" (tests drive steps themselves). */
        @WithDefault("2s")
        String workerInterval();

        /** Open orders the worker takes per run, oldest first. */
        @WithDefault("50")
        int ordersPerRun();

        Signer signer();

        /** The BatchPayout contract (EIP-55); the only contract besides allowlisted tokens the service calls. */
        Optional<String> batchPayoutContract();

        /** ERC-20 contracts the service may pay in; an order in any other token is refused before signing. */
        Optional<List<String>> tokenContracts();

        /** Per asset ("native" or the token contract address, EIP-55): what one order and one UTC day may pay. */
        Map<String, Cap> caps();

        Fees fees();

        /** Blocks on top of and including the transaction's block before the order counts as paid. */
        @WithDefault("12")
        int confirmations();

        /** A broadcast transaction not mined within this time is replaced at the same nonce with higher fees. */
        @WithDefault("3m")
        Duration replaceAfter();

        /** Upper bound on a payment transaction's gas (below the 2^24 per-transaction cap of EIP-7825). */
        @WithDefault("16000000")
        long maxGasPerTransaction();
    }

    interface Signer {
        /** keystore: an encrypted web3j wallet file (local use); remote: Web3Signer's eth_signTransaction (production). */
        @WithDefault("keystore")
        SignerKind kind();

        /** kind=keystore: the wallet file. */
        Optional<Path> keystoreFile();

        /** kind=keystore: its password (from the environment in every real deployment; never logged). */
        Optional<String> keystorePassword();

        /** kind=remote: Web3Signer's JSON-RPC endpoint. */
        Optional<String> remoteUrl();

        /** kind=remote: the address Web3Signer signs for (EIP-55). */
        Optional<String> remoteAddress();

        /** kind=remote: bound on one signing call. */
        @WithDefault("5s")
        Duration remoteTimeout();
    }

    enum SignerKind {
        KEYSTORE,
        REMOTE
    }

    interface Cap {
        BigInteger perOrderMinorUnits();

        BigInteger perDayMinorUnits();
    }

    interface Fees {
        /** No transaction is ever signed with a higher max fee per gas. */
        BigInteger maxFeePerGasCeilingWei();

        /** Tip offered to the block producer in a first transaction. */
        @WithDefault("1000000000")
        BigInteger priorityFeeWei();

        /** A replacement raises both fees by at least this (nodes require 10 %). */
        @WithDefault("25")
        int replacementBumpPercent();
    }
}

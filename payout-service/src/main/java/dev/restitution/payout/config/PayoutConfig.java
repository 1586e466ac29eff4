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

    /**
     * Every EVM chain payout-service pays on, keyed by its EIP-155 chain id (e.g. {@code "31337"}): each with its own
     * node, signer, nonce sequence, fee policy, confirmations and contracts. A request naming another chain is refused.
     */
    Map<String, Chain> chains();

    /** One EVM chain: how to reach it, who signs on it, what the service may call there and how it pays. */
    interface Chain {
        /** JSON-RPC endpoint; the node must report the chain id this entry is keyed by. */
        String rpcUrl();

        /** Bound on one JSON-RPC call, so a hung node cannot hang a request or a health check. */
        @WithDefault("5s")
        Duration timeout();

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

    Commitments commitments();

    /**
     * Where sealed snapshots and approved rounds are committed on-chain: a CommitmentRegistry contract on one of
     * {@link #chains()}, whose publisher is that chain's signer. Set both or neither. Unset: nothing is committed, and
     * since no round is then ever committed, no entitlement of any round is paid.
     */
    interface Commitments {
        /** EIP-155 chain id of the chain the registry is on; must be one of {@link #chains()}. */
        Optional<Long> chainId();

        /** The CommitmentRegistry contract (EIP-55 or lowercase) on that chain. */
        Optional<String> contract();

        /**
         * The block the registry was deployed in: where a search for its events starts, since nodes refuse a log query
         * over a chain's whole history.
         */
        @WithDefault("0")
        long deployedAtBlock();

        /** A failed attempt (reverted, or refused before signing) is followed by a new one after this long. */
        @WithDefault("30s")
        Duration retryAfter();
    }

    Execution execution();

    /** Driving payment orders on every chain. */
    interface Execution {
        /** How often the worker drives open orders: a duration of at least 1s, or "off" (tests drive steps themselves). */
        @WithDefault("2s")
        String workerInterval();

        /** Open orders the worker takes per run, oldest first. */
        @WithDefault("50")
        int ordersPerRun();
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
        /** No transaction is ever signed with a higher max fee per gas; 500 gwei unless the chain says otherwise. */
        @WithDefault("500000000000")
        BigInteger maxFeePerGasCeilingWei();

        /** Tip offered to the block producer in a first transaction. */
        @WithDefault("1000000000")
        BigInteger priorityFeeWei();

        /** A replacement raises both fees by at least this (nodes require 10 %). */
        @WithDefault("25")
        int replacementBumpPercent();
    }

    Metrics metrics();

    /** The business gauges (docs/operations.md, "Metrics and alerts"). */
    interface Metrics {
        /** How often the gauges are refreshed from the database and the chains; a scrape only reads the last values. */
        @WithDefault("15s")
        String refreshInterval();
    }

    PayoutAddresses payoutAddresses();

    /** Replaced payout addresses (claims-service's cool-down): when held instructions move on to the new address. */
    interface PayoutAddresses {
        /**
         * After a change's effectiveAt, how long its instructions still wait, so that a cancel claims-service accepted
         * just before effectiveAt arrives first; never negative.
         */
        @WithDefault("PT10M")
        Duration applyGrace();

        /** How often changes whose time has come are applied (a scheduler expression, e.g. {@code 5s}). */
        @WithDefault("5s")
        String checkInterval();
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
     * recipient, rounded up; tokens: OpenZeppelin's ERC20) and for plain transactions in the same run.
     */
    interface BatchGas {
        /** Fixed cost of one BatchPayout call (transaction base, calldata head, checks, event). */
        @WithDefault("60000")
        long contractCall();

        @WithDefault("26000")
        long contractTokenFresh();

        @WithDefault("8900")
        long contractTokenFunded();

        /** Native coin to an address that does not exist yet: the call creates the account (25,000 extra). */
        @WithDefault("35000")
        long contractNativeFresh();

        @WithDefault("10000")
        long contractNativeFunded();

        /** A plain transaction of native coin costs the same to fresh and funded addresses. */
        @WithDefault("21000")
        long plainNative();

        @WithDefault("51700")
        long plainTokenFresh();

        @WithDefault("34600")
        long plainTokenFunded();
    }
}

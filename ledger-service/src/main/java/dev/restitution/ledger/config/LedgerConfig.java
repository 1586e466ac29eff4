package dev.restitution.ledger.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/** Every setting of ledger-service, bounded and with its unit in the name or type. */
@ConfigMapping(prefix = "restitution.ledger")
public interface LedgerConfig {

    Snapshot snapshot();

    ChainVerification chainVerification();

    /**
     * On-chain verification of recoveries and declared tokens, asked of payout-service in the background
     * (documented with the reconciliation operation in ledger.yaml).
     */
    interface ChainVerification {
        /** How often the worker looks for verifications that are due. */
        @WithDefault("5s")
        Duration interval();

        /** Verifications one pass asks about at most. */
        @WithDefault("50")
        int perPass();

        /** Delay before the second attempt; it doubles with each attempt after that. */
        @WithDefault("10s")
        Duration firstRetryDelay();

        /** The longest delay between two attempts. */
        @WithDefault("5m")
        Duration maxRetryDelay();

        /** After this many attempts an item stays UNVERIFIED for good (30: about two hours with the defaults). */
        @WithDefault("30")
        int maxAttempts();

        /**
         * How often an item on a chain payout-service had no JSON-RPC endpoint for is checked again, so that one
         * configured later verifies it.
         */
        @WithDefault("1h")
        Duration endpointRecheck();

        /** Attempts in all after which an item still without an endpoint stays UNVERIFIED for good (168: a week). */
        @WithDefault("168")
        int maxEndpointChecks();

        /** While one instance asks about an item, others leave it alone for this long. */
        @WithDefault("2m")
        Duration lease();
    }

    interface Snapshot {
        /** Largest balances file accepted, in bytes as uploaded (compressed size for gzip). */
        @WithDefault("2147483648")
        long maxUploadBytes();

        /** Largest decompressed size of a gzip upload: a bound on what a small compressed file can expand to. */
        @WithDefault("17179869184")
        long maxUncompressedBytes();

        /** Most rows one import takes (the Merkle tree keeps them in memory while it is built: 96 bytes a row). */
        @WithDefault("16000000")
        int maxRows();

        /** How many errors of a refused file are listed (all are counted). */
        @WithDefault("100")
        int maxReportedErrors();

        /** How often a running import writes its progress for callers to poll. */
        @WithDefault("1s")
        Duration progressInterval();
    }

    Rounds rounds();

    interface Rounds {
        /**
         * Per asset symbol, the convenience threshold in the asset's smallest unit: open lines at or
         * below it are entitled in full before the others share what remains. No entry, no threshold.
         */
        Map<String, BigInteger> convenienceThresholdMinorUnits();

        /** Most open lines of one asset a round takes (each is streamed, never held, but bounded all the same). */
        @WithDefault("5000000")
        long maxLinesPerAsset();

        /** Entitlements written (rows and outbox events) before the approval flushes them and clears its memory. */
        @WithDefault("2000")
        int writeBatchSize();

        /**
         * How long a proposal or an approval may run in its one transaction (a million lines take
         * minutes), in seconds; read by the transaction manager as {@code @TransactionConfiguration}.
         */
        @WithDefault("1800")
        int transactionTimeoutSeconds();
    }
}

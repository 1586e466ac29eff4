package dev.restitution.ledger.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every setting of ledger-service, bounded and with its unit in the name or type. */
@ConfigMapping(prefix = "restitution.ledger")
public interface LedgerConfig {

    Outbox outbox();

    Snapshot snapshot();

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

    interface Outbox {
        /** How often the relay looks for unpublished events (the scheduler's interval; 1 s is its finest). */
        @WithDefault("1s")
        Duration pollInterval();

        /** Events published per relay pass, so one pass holds its row locks briefly. */
        @WithDefault("100")
        int batchSize();

        /** How long the relay waits for Kafka to acknowledge one event before giving up the pass. */
        @WithDefault("10s")
        Duration sendTimeout();
    }
}

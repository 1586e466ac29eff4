package dev.restitution.kit.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * An audit entry in its place in the chain: its sequence number, the version of the form its hash was computed
 * over ({@link AuditChain#CURRENT_VERSION} for every new entry), time, the previous entry's hash and its own.
 */
public record AuditEntry(long sequence, int version, Instant occurredAt, AuditRecord record, String previousHash,
                         String hash) {
    public AuditEntry {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence numbers start at 1, not " + sequence);
        }
        if (version < AuditChain.ACTOR_AS_TEXT || version > AuditChain.CURRENT_VERSION) {
            throw new IllegalArgumentException("no audit entry has version " + version);
        }
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
    }
}

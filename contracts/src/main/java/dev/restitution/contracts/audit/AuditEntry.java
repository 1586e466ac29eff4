package dev.restitution.contracts.audit;

import java.time.Instant;
import java.util.Objects;

/** An audit entry in its place in the chain: its sequence number, time, the previous entry's hash and its own. */
public record AuditEntry(long sequence, Instant occurredAt, AuditRecord record, String previousHash, String hash) {
    public AuditEntry {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence numbers start at 1, not " + sequence);
        }
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
    }
}

package dev.restitution.kit.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * An audit entry in its place: its sequence in the service's log (the order of writing, what readers page on),
 * the chain it belongs to and its place there (what its hash covers), the version of the form its hash was computed
 * over ({@link AuditChain#CURRENT_VERSION} for every new entry), time, the previous entry's hash in its chain and its
 * own. In a service-wide chain ({@link AuditChain#SERVICE_CHAIN}) the two places are the same number. The trace id
 * (null when unknown) names the trace of the request or event that wrote it; the hash does not cover it.
 */
public record AuditEntry(long sequence, String chainKey, long chainSequence, int version, Instant occurredAt,
                         AuditRecord record, String previousHash, String hash, String traceId) {
    public AuditEntry {
        if (sequence < 1 || chainSequence < 1) {
            throw new IllegalArgumentException("sequence numbers start at 1, not " + Math.min(sequence, chainSequence));
        }
        Objects.requireNonNull(chainKey, "chainKey");
        if (chainKey.isBlank() || chainKey.length() > AuditChain.MAX_CHAIN_KEY_LENGTH) {
            throw new IllegalArgumentException("a chain key is 1 to " + AuditChain.MAX_CHAIN_KEY_LENGTH + " characters");
        }
        if (version < AuditChain.ACTOR_AS_TEXT || version > AuditChain.MAX_VERSION) {
            throw new IllegalArgumentException("no audit entry has version " + version);
        }
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
        if (traceId != null && !traceId.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("a trace id is 32 lower-case hex digits");
        }
    }

    /** An entry as hashed, its trace not (yet) known. */
    public AuditEntry(long sequence, String chainKey, long chainSequence, int version, Instant occurredAt,
                      AuditRecord record, String previousHash, String hash) {
        this(sequence, chainKey, chainSequence, version, occurredAt, record, previousHash, hash, null);
    }

    /** An entry of the service-wide chain, whose place in the log is its place in the chain. */
    public AuditEntry(long sequence, int version, Instant occurredAt, AuditRecord record, String previousHash,
                      String hash) {
        this(sequence, AuditChain.SERVICE_CHAIN, sequence, version, occurredAt, record, previousHash, hash);
    }
}

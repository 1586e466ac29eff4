package dev.restitution.kit.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The hash chain of the audit log. Each entry's hash is SHA-256 over its sequence number, time,
 * every field of its record and the previous entry's hash, so changing, removing or reordering any
 * entry changes every hash after it. Fields are length-prefixed (absent ones marked distinctly), so
 * no two different entries encode to the same bytes.
 *
 * <p>An entry's version says which form its hash covers, so entries written before a change of form keep
 * verifying: version 1 hashed the actor as one text ({@link Actor#text()}); version 2 hashes the version
 * and then the actor's subject id and user name as two fields.
 */
public final class AuditChain {

    /** Entries written before the actor had two fields: the actor hashed as {@code subjectId (username)}. */
    public static final int ACTOR_AS_TEXT = 1;
    /** The form of every new entry: the actor's subject id and user name hashed as fields of their own. */
    public static final int CURRENT_VERSION = 2;

    /** The "previous hash" of the first entry. */
    public static final String GENESIS_HASH = "0".repeat(64);

    private AuditChain() {
    }

    /**
     * The entry that follows the one with {@code previousSequence} and {@code previousHash}. The time
     * is cut to microseconds, the precision PostgreSQL stores, so the stored entry hashes the same.
     */
    public static AuditEntry next(long previousSequence, String previousHash, Instant occurredAt, AuditRecord record) {
        Objects.requireNonNull(previousHash, "previousHash");
        long sequence = previousSequence + 1;
        Instant storedTime = occurredAt.truncatedTo(ChronoUnit.MICROS);
        return new AuditEntry(sequence, CURRENT_VERSION, storedTime, record, previousHash,
                hash(sequence, CURRENT_VERSION, storedTime, record, previousHash));
    }

    /** Why {@code entry} does not follow an entry with {@code previousSequence} and {@code previousHash}, or empty. */
    public static Optional<String> breakAt(long previousSequence, String previousHash, AuditEntry entry) {
        if (entry.sequence() != previousSequence + 1) {
            return Optional.of("sequence " + entry.sequence() + " follows " + previousSequence);
        }
        if (!entry.previousHash().equals(previousHash)) {
            return Optional.of("previous hash " + entry.previousHash() + " is not the hash " + previousHash
                    + " of entry " + previousSequence);
        }
        String recomputed = hash(entry.sequence(), entry.version(), entry.occurredAt(), entry.record(),
                entry.previousHash());
        if (!recomputed.equals(entry.hash())) {
            return Optional.of("stored hash " + entry.hash() + " does not match the content's hash " + recomputed);
        }
        return Optional.empty();
    }

    static String hash(long sequence, int version, Instant occurredAt, AuditRecord record, String previousHash) {
        MessageDigest sha256 = sha256();
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(sequence).array());
        if (version == ACTOR_AS_TEXT) {
            field(sha256, occurredAt.toString());
            field(sha256, record.actor().text());
        } else {
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(version).array());
            field(sha256, occurredAt.toString());
            field(sha256, record.actor().subjectId());
            field(sha256, record.actor().username());
        }
        field(sha256, record.action());
        field(sha256, record.subjectType());
        field(sha256, record.subjectId());
        field(sha256, record.before());
        field(sha256, record.after());
        field(sha256, record.reason());
        field(sha256, previousHash);
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void field(MessageDigest sha256, String value) {
        if (value == null) {
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(-1).array());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha256.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

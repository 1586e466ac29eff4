package dev.restitution.kit.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The hash chain of the audit log. Each entry's hash is SHA-256 over its sequence number, time,
 * every field of its record and the previous entry's hash, so changing, removing or reordering any
 * entry changes every hash after it. Fields are length-prefixed (absent ones marked distinctly), so
 * no two different entries encode to the same bytes.
 *
 * <p>A log holds one chain per chain key: ledger- and payout-service write one service-wide chain
 * ({@link #SERVICE_CHAIN}), claims-service one chain per claim (its id as the key). An entry's sequence in
 * the hash is its place in its own chain.
 *
 * <p>An entry's version says which form its hash covers, so entries written before a change of form keep
 * verifying: version 1 hashed the actor as one text ({@link Actor#text()}); version 2 hashes the version
 * and then the actor's subject id and user name as two fields. Versions 3 and 4 are the forms claims-service's
 * own per-claim chains used before it wrote through this library: the chain key (the claim id) first, the
 * sequence as a 32-bit number, then time, the actor (version 3: the user name alone; version 4: the number 2,
 * the form's number then, and the subject id and user name), action, before, after and the previous hash.
 * They cover no subject type, subject id or reason: those are read back from the chain key and action
 * ({@link #keyedLegacyRecord}), so nothing unhashed is shown.
 */
public final class AuditChain {

    /** Entries written before the actor had two fields: the actor hashed as {@code subjectId (username)}. */
    public static final int ACTOR_AS_TEXT = 1;
    /** The form of every new entry: the actor's subject id and user name hashed as fields of their own. */
    public static final int CURRENT_VERSION = 2;

    /** claims-service's per-claim form before subject ids were recorded: the actor hashed as the user name alone. */
    public static final int KEYED_USERNAME_ONLY = 3;
    /** claims-service's per-claim form with the actor's subject id and user name, before this library. */
    public static final int KEYED_SUBJECT_AND_USERNAME = 4;
    /** The highest version any entry has. */
    public static final int MAX_VERSION = KEYED_SUBJECT_AND_USERNAME;
    /** The number claims-service hashed into its entries of {@link #KEYED_SUBJECT_AND_USERNAME} form. */
    private static final int KEYED_FORM_NUMBER = 2;

    /** The key of the one chain of a service that keeps a single service-wide chain. */
    public static final String SERVICE_CHAIN = "service";
    public static final int MAX_CHAIN_KEY_LENGTH = 200;

    /** The subject type of a per-claim entry of form 3 or 4, except a late admission's. */
    public static final String LEGACY_CLAIM_SUBJECT = "CLAIM";
    /** The subject type of a late admission's entry of form 3 or 4: the action that admitted it. */
    public static final String LEGACY_LATE_ADMISSION_SUBJECT = "LATE_ADMISSION";
    private static final String LEGACY_LATE_ADMISSION_ACTION = "LATE_CLAIM_ADMITTED";

    /** The "previous hash" of the first entry. */
    public static final String GENESIS_HASH = "0".repeat(64);

    private AuditChain() {
    }

    /**
     * An entry placed in its chain, not yet in the log: a keyed chain's entry gets its sequence in the log when
     * written ({@link #placedAt}); the hash does not cover that sequence, only the place in the chain.
     */
    public record Link(String chainKey, long chainSequence, int version, Instant occurredAt, AuditRecord record,
                       String previousHash, String hash) {
        public AuditEntry placedAt(long sequence) {
            return new AuditEntry(sequence, chainKey, chainSequence, version, occurredAt, record, previousHash, hash);
        }
    }

    /**
     * The entry of the service-wide chain that follows the one with {@code previousSequence} and
     * {@code previousHash}; its place in the log is its place in the chain. The time is cut to microseconds,
     * the precision PostgreSQL stores, so the stored entry hashes the same.
     */
    public static AuditEntry next(long previousSequence, String previousHash, Instant occurredAt, AuditRecord record) {
        return next(SERVICE_CHAIN, previousSequence, previousHash, occurredAt, record).placedAt(previousSequence + 1);
    }

    /**
     * The entry that follows, in the chain {@code chainKey}, the entry with {@code previousChainSequence} and
     * {@code previousHash} (0 and {@link #GENESIS_HASH} for a chain's first).
     */
    public static Link next(String chainKey, long previousChainSequence, String previousHash, Instant occurredAt,
                            AuditRecord record) {
        Objects.requireNonNull(chainKey, "chainKey");
        Objects.requireNonNull(previousHash, "previousHash");
        long chainSequence = previousChainSequence + 1;
        Instant storedTime = occurredAt.truncatedTo(ChronoUnit.MICROS);
        return new Link(chainKey, chainSequence, CURRENT_VERSION, storedTime, record, previousHash,
                hash(chainKey, chainSequence, CURRENT_VERSION, storedTime, record, previousHash));
    }

    /**
     * Why {@code entry} does not follow, in its chain, an entry with {@code previousChainSequence} and
     * {@code previousHash}, or empty.
     */
    public static Optional<String> breakAt(long previousChainSequence, String previousHash, AuditEntry entry) {
        if (entry.chainSequence() != previousChainSequence + 1) {
            return Optional.of("sequence " + entry.chainSequence() + " follows " + previousChainSequence);
        }
        if (!entry.previousHash().equals(previousHash)) {
            return Optional.of("previous hash " + entry.previousHash() + " is not the hash " + previousHash
                    + " of entry " + previousChainSequence);
        }
        String recomputed = hash(entry.chainKey(), entry.chainSequence(), entry.version(), entry.occurredAt(),
                entry.record(), entry.previousHash());
        if (!recomputed.equals(entry.hash())) {
            return Optional.of("stored hash " + entry.hash() + " does not match the content's hash " + recomputed);
        }
        return Optional.empty();
    }

    /** Where the entries of one chain (in chain order, from its first) stop following each other, or empty. */
    public static Optional<String> firstBreak(List<AuditEntry> chain) {
        long previousSequence = 0;
        String previousHash = GENESIS_HASH;
        for (AuditEntry entry : chain) {
            Optional<String> problem = breakAt(previousSequence, previousHash, entry);
            if (problem.isPresent()) {
                return problem;
            }
            previousSequence = entry.chainSequence();
            previousHash = entry.hash();
        }
        return Optional.empty();
    }

    /**
     * What an entry of form 3 or 4 says beyond its hashed fields, derived from them alone: a late admission's
     * entry is about the late admission, every other one about the claim, both named by the chain key; the
     * reason is the action in words.
     */
    public static AuditRecord keyedLegacyRecord(String chainKey, Actor actor, String action, String before, String after) {
        String subjectType = LEGACY_LATE_ADMISSION_ACTION.equals(action) ? LEGACY_LATE_ADMISSION_SUBJECT
                : LEGACY_CLAIM_SUBJECT;
        return new AuditRecord(actor, action, subjectType, chainKey, before, after, actionInWords(action));
    }

    /** {@code LINE_ACCEPTED} as {@code line accepted}. */
    public static String actionInWords(String action) {
        return action.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    static String hash(long sequence, int version, Instant occurredAt, AuditRecord record, String previousHash) {
        return hash(SERVICE_CHAIN, sequence, version, occurredAt, record, previousHash);
    }

    static String hash(String chainKey, long sequence, int version, Instant occurredAt, AuditRecord record,
                       String previousHash) {
        if (version == KEYED_USERNAME_ONLY || version == KEYED_SUBJECT_AND_USERNAME) {
            return keyedLegacyHash(chainKey, sequence, version, occurredAt, record, previousHash);
        }
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

    /** The form of claims-service's own per-claim chains: before an absent state was kept as {@code {}}. */
    private static String keyedLegacyHash(String chainKey, long sequence, int version, Instant occurredAt,
                                          AuditRecord record, String previousHash) {
        if (sequence > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a per-claim entry of version " + version + " has a 32-bit sequence");
        }
        MessageDigest sha256 = sha256();
        field(sha256, chainKey);
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt((int) sequence).array());
        if (version == KEYED_USERNAME_ONLY) {
            field(sha256, occurredAt.toString());
            field(sha256, record.actor().username());
        } else {
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(KEYED_FORM_NUMBER).array());
            field(sha256, occurredAt.toString());
            field(sha256, record.actor().subjectId());
            field(sha256, record.actor().username());
        }
        field(sha256, record.action());
        field(sha256, record.before());
        field(sha256, record.after());
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

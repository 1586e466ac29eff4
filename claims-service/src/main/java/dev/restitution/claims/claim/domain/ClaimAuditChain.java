package dev.restitution.claims.claim.domain;

import dev.restitution.kit.audit.Actor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The hash chain of one claim's audit entries: SHA-256 over the claim id, the entry's sequence, time,
 * actor, action, before, after and the previous entry's hash, each field length-prefixed so no two
 * different entries encode alike. Changing, removing or reordering an entry breaks every later hash.
 *
 * <p>An entry's version says which form its hash covers, so entries written before a change of form keep
 * verifying: version 1 hashed the actor's user name alone (its subject id was not recorded); version 2 hashes the
 * version and then the actor's subject id and user name as two fields.
 */
public final class ClaimAuditChain {

    /** Entries written before subject ids were recorded: the actor hashed as the user name alone. */
    public static final int USERNAME_ONLY = 1;
    /** The form of every new entry: the actor's subject id and user name hashed as fields of their own. */
    public static final int CURRENT_VERSION = 2;

    /** The "previous hash" of a claim's first entry. */
    public static final String GENESIS_HASH = "0".repeat(64);

    public record Entry(UUID claimId, int sequence, int version, Instant at, Actor actor, String action, String before,
                        String after, String previousHash, String hash) {
        public Entry {
            if (version < USERNAME_ONLY || version > CURRENT_VERSION) {
                throw new IllegalArgumentException("no claim audit entry has version " + version);
            }
        }
    }

    private ClaimAuditChain() {
    }

    /** The entry after ({@code previousSequence}, {@code previousHash}); time cut to PostgreSQL's microseconds. */
    public static Entry next(UUID claimId, int previousSequence, String previousHash, Instant at, Actor actor,
                             String action, String before, String after) {
        Objects.requireNonNull(previousHash, "previousHash");
        int sequence = previousSequence + 1;
        Instant stored = at.truncatedTo(ChronoUnit.MICROS);
        return new Entry(claimId, sequence, CURRENT_VERSION, stored, actor, action, before, after, previousHash,
                hash(claimId, sequence, CURRENT_VERSION, stored, actor, action, before, after, previousHash));
    }

    /** Where the chain of {@code entries} (in sequence order) breaks, or empty when it is intact. */
    public static Optional<String> firstBreak(List<Entry> entries) {
        int previousSequence = 0;
        String previousHash = GENESIS_HASH;
        for (Entry entry : entries) {
            if (entry.sequence() != previousSequence + 1) {
                return Optional.of("entry " + entry.sequence() + " follows " + previousSequence);
            }
            if (!entry.previousHash().equals(previousHash)) {
                return Optional.of("entry " + entry.sequence() + " does not point to entry " + previousSequence);
            }
            String recomputed = hash(entry.claimId(), entry.sequence(), entry.version(), entry.at(), entry.actor(),
                    entry.action(), entry.before(), entry.after(), entry.previousHash());
            if (!recomputed.equals(entry.hash())) {
                return Optional.of("entry " + entry.sequence() + " does not match its hash");
            }
            previousSequence = entry.sequence();
            previousHash = entry.hash();
        }
        return Optional.empty();
    }

    static String hash(UUID claimId, int sequence, int version, Instant at, Actor actor, String action, String before,
                       String after, String previousHash) {
        MessageDigest sha256 = sha256();
        field(sha256, claimId.toString());
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(sequence).array());
        if (version == USERNAME_ONLY) {
            field(sha256, at.toString());
            field(sha256, actor.username());
        } else {
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(version).array());
            field(sha256, at.toString());
            field(sha256, actor.subjectId());
            field(sha256, actor.username());
        }
        field(sha256, action);
        field(sha256, before);
        field(sha256, after);
        field(sha256, previousHash);
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void field(MessageDigest sha256, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha256.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("every JDK has SHA-256", missing);
        }
    }
}

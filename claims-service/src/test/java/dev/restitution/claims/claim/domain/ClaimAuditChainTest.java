package dev.restitution.claims.claim.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.kit.audit.Actor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClaimAuditChainTest {

    private static final Actor ALICE = new Actor("alice-subject", "alice");

    private static List<ClaimAuditChain.Entry> chain(UUID claimId, int length) {
        List<ClaimAuditChain.Entry> entries = new ArrayList<>();
        for (int index = 0; index < length; index++) {
            ClaimAuditChain.Entry previous = entries.isEmpty() ? null : entries.getLast();
            entries.add(ClaimAuditChain.next(claimId, previous == null ? 0 : previous.sequence(),
                    previous == null ? ClaimAuditChain.GENESIS_HASH : previous.hash(), Instant.now(), ALICE,
                    "ACTION_" + index, "{}", "{\"step\":" + index + "}"));
        }
        return entries;
    }

    @Test
    void untouchedChainIsIntact() {
        // Why: entries appended one after the other verify as they were written.
        assertTrue(ClaimAuditChain.firstBreak(chain(UUID.randomUUID(), 5)).isEmpty());
    }

    @Test
    void changedRemovedOrReorderedEntryBreaksTheChain() {
        // Why: the chain exists to reveal any later edit of the log, whoever makes it.
        List<ClaimAuditChain.Entry> entries = chain(UUID.randomUUID(), 4);
        List<ClaimAuditChain.Entry> changed = new ArrayList<>(entries);
        ClaimAuditChain.Entry second = entries.get(1);
        changed.set(1, new ClaimAuditChain.Entry(second.claimId(), second.sequence(), second.version(), second.at(),
                new Actor("mallory-subject", "mallory"), second.action(), second.before(), second.after(), second.previousHash(), second.hash()));
        assertEquals("entry 2 does not match its hash", ClaimAuditChain.firstBreak(changed).orElseThrow());
        List<ClaimAuditChain.Entry> removed = new ArrayList<>(entries);
        removed.remove(2);
        assertTrue(ClaimAuditChain.firstBreak(removed).isPresent());
        List<ClaimAuditChain.Entry> reordered = new ArrayList<>(entries);
        reordered.set(1, entries.get(2));
        reordered.set(2, entries.get(1));
        assertTrue(ClaimAuditChain.firstBreak(reordered).isPresent());
    }

    @Test
    void aRenamedActorOrAnotherSubjectBreaksTheChain() {
        // Why: from version 2 both halves of the actor are hashed, so neither can be edited unseen.
        List<ClaimAuditChain.Entry> entries = chain(UUID.randomUUID(), 1);
        ClaimAuditChain.Entry first = entries.getFirst();
        assertEquals(ClaimAuditChain.CURRENT_VERSION, first.version());
        for (Actor other : List.of(new Actor("alice-subject", "alicia"), new Actor("sam-subject", "alice"))) {
            ClaimAuditChain.Entry forged = new ClaimAuditChain.Entry(first.claimId(), first.sequence(), first.version(),
                    first.at(), other, first.action(), first.before(), first.after(), first.previousHash(), first.hash());
            assertTrue(ClaimAuditChain.firstBreak(List.of(forged)).isPresent());
        }
    }

    @Test
    void anEntryWrittenWithTheUserNameAloneStillVerifiesAndNewEntriesChainToIt() {
        // Why: entries of before subject ids were recorded (version 1) must keep verifying after the upgrade.
        UUID claimId = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-30T10:00:00.123456Z");
        ClaimAuditChain.Entry legacy = new ClaimAuditChain.Entry(claimId, 1, ClaimAuditChain.USERNAME_ONLY, at,
                Actor.unrecordedSubject("alice"), "OPENED", "{}", "{\"status\":\"DRAFT\"}", ClaimAuditChain.GENESIS_HASH,
                legacyHash(claimId, 1, at, "alice", "OPENED", "{}", "{\"status\":\"DRAFT\"}"));
        ClaimAuditChain.Entry next = ClaimAuditChain.next(claimId, legacy.sequence(), legacy.hash(), at.plusSeconds(1),
                ALICE, "SUBMITTED", "{}", "{}");
        assertTrue(ClaimAuditChain.firstBreak(List.of(legacy, next)).isEmpty());
        assertEquals("unrecorded:alice", legacy.actor().subjectId());
    }

    /** The hash as claims-service computed it before versions: the actor's user name alone, no version field. */
    private static String legacyHash(UUID claimId, int sequence, Instant at, String actor, String action, String before,
                                     String after) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            field(sha256, claimId.toString());
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(sequence).array());
            for (String value : new String[] {at.truncatedTo(ChronoUnit.MICROS).toString(), actor, action, before, after,
                    ClaimAuditChain.GENESIS_HASH}) {
                field(sha256, value);
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void field(MessageDigest sha256, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha256.update(bytes);
    }
}

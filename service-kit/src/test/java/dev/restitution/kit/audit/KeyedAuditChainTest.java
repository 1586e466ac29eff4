package dev.restitution.kit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Chains keyed by a claim id, and the per-claim forms claims-service hashed before it wrote through this library. */
class KeyedAuditChainTest {

    private static final Instant AT = Instant.parse("2026-11-30T10:00:00.123456Z");
    private static final Actor ALICE = new Actor("alice-subject", "alice");

    private static AuditRecord record(String chainKey, String action, String after) {
        return new AuditRecord(ALICE, action, "CLAIM", chainKey, null, after, AuditChain.actionInWords(action));
    }

    private static List<AuditEntry> chain(String chainKey, int length) {
        List<AuditEntry> entries = new ArrayList<>();
        for (int index = 0; index < length; index++) {
            AuditEntry previous = entries.isEmpty() ? null : entries.getLast();
            entries.add(AuditChain.next(chainKey, previous == null ? 0 : previous.chainSequence(),
                    previous == null ? AuditChain.GENESIS_HASH : previous.hash(), AT.plusSeconds(index),
                    record(chainKey, "ACTION_" + index, "{\"step\":" + index + "}")).placedAt(100 + 7L * index));
        }
        return entries;
    }

    @Test
    void aKeyedChainVerifiesByItsOwnPlacesWhateverItsSequencesInTheLog() {
        // Why: a claim's chain is written between other claims' entries; only its own order may matter.
        List<AuditEntry> entries = chain(UUID.randomUUID().toString(), 4);
        assertTrue(AuditChain.firstBreak(entries).isEmpty(), () -> AuditChain.firstBreak(entries).orElseThrow());
        assertEquals(List.of(1L, 2L, 3L, 4L), entries.stream().map(AuditEntry::chainSequence).toList());
        assertEquals(List.of(100L, 107L, 114L, 121L), entries.stream().map(AuditEntry::sequence).toList());
    }

    @Test
    void aChangedRemovedOrReorderedEntryOfAKeyedChainBreaksIt() {
        // Why: the chain exists to reveal any later edit of a claim's log, whoever makes it.
        String claim = UUID.randomUUID().toString();
        List<AuditEntry> entries = chain(claim, 4);
        AuditEntry second = entries.get(1);
        List<AuditEntry> changed = new ArrayList<>(entries);
        changed.set(1, new AuditEntry(second.sequence(), second.chainKey(), second.chainSequence(), second.version(),
                second.occurredAt(), new AuditRecord(new Actor("mallory-subject", "mallory"), second.record().action(),
                "CLAIM", claim, null, second.record().after(), second.record().reason()), second.previousHash(), second.hash()));
        assertTrue(AuditChain.firstBreak(changed).orElseThrow().contains("does not match"));
        List<AuditEntry> removed = new ArrayList<>(entries);
        removed.remove(2);
        assertTrue(AuditChain.firstBreak(removed).orElseThrow().contains("follows"));
        List<AuditEntry> reordered = new ArrayList<>(entries);
        reordered.set(1, entries.get(2));
        reordered.set(2, entries.get(1));
        assertTrue(AuditChain.firstBreak(reordered).isPresent());
    }

    @Test
    void claimsEntriesOfBothFormsOfBeforeStillVerifyAndNewEntriesChainOnThem() {
        // Why: entries claims-service wrote before it used this library (the user name alone, then subject id and
        // user name) must keep verifying, and its chains go on from them in the kit's form.
        UUID claimId = UUID.randomUUID();
        String key = claimId.toString();
        Actor unrecorded = Actor.unrecordedSubject("alice");
        String firstHash = claimsHash(claimId, 1, null, "alice", "OPENED", "{}", "{\"status\":\"DRAFT\"}",
                AuditChain.GENESIS_HASH);
        AuditEntry first = new AuditEntry(1, key, 1, AuditChain.KEYED_USERNAME_ONLY, AT,
                AuditChain.keyedLegacyRecord(key, unrecorded, "OPENED", "{}", "{\"status\":\"DRAFT\"}"),
                AuditChain.GENESIS_HASH, firstHash);
        String secondHash = claimsHash(claimId, 2, "sam-subject", "sam", "COMMENTED", "{}", "{}", firstHash);
        AuditEntry second = new AuditEntry(5, key, 2, AuditChain.KEYED_SUBJECT_AND_USERNAME, AT.plusSeconds(1),
                AuditChain.keyedLegacyRecord(key, new Actor("sam-subject", "sam"), "COMMENTED", "{}", "{}"),
                firstHash, secondHash);
        AuditEntry third = AuditChain.next(key, second.chainSequence(), second.hash(), AT.plusSeconds(2),
                record(key, "SUBMITTED", "{\"status\":\"SUBMITTED\"}")).placedAt(9);

        assertTrue(AuditChain.firstBreak(List.of(first, second, third)).isEmpty(),
                () -> AuditChain.firstBreak(List.of(first, second, third)).orElseThrow());
        assertEquals(AuditChain.CURRENT_VERSION, third.version());
        assertEquals("CLAIM", first.record().subjectType());
        assertEquals(key, first.record().subjectId());
        assertEquals("opened", first.record().reason());
        assertEquals("LATE_ADMISSION", AuditChain.keyedLegacyRecord(key, unrecorded, "LATE_CLAIM_ADMITTED", "{}", "{}")
                .subjectType());
        AuditEntry renamed = new AuditEntry(first.sequence(), key, 1, AuditChain.KEYED_USERNAME_ONLY, AT,
                AuditChain.keyedLegacyRecord(key, Actor.unrecordedSubject("mallory"), "OPENED", "{}",
                        "{\"status\":\"DRAFT\"}"), AuditChain.GENESIS_HASH, firstHash);
        assertTrue(AuditChain.firstBreak(List.of(renamed)).isPresent(), "the user name is hashed in the first form");
        AuditEntry otherClaim = new AuditEntry(first.sequence(), UUID.randomUUID().toString(), 1,
                AuditChain.KEYED_USERNAME_ONLY, AT, first.record(), AuditChain.GENESIS_HASH, firstHash);
        assertTrue(AuditChain.firstBreak(List.of(otherClaim)).isPresent(), "the claim id is hashed in both forms");
    }

    @Test
    void theKitsFormOfAKeyedEntryDiffersFromClaimsFormsOfBefore() {
        // Why: a stored version names exactly one form; an entry can never verify under a form it was not written in.
        UUID claimId = UUID.randomUUID();
        AuditEntry entry = AuditChain.next(claimId.toString(), 0, AuditChain.GENESIS_HASH, AT,
                new AuditRecord(ALICE, "OPENED", "CLAIM", claimId.toString(), "{}", "{}", "opened")).placedAt(1);
        assertNotEquals(claimsHash(claimId, 1, "alice-subject", "alice", "OPENED", "{}", "{}", AuditChain.GENESIS_HASH),
                entry.hash());
    }

    /**
     * The hash as claims-service computed it before: the claim id, a 32-bit sequence, then (with a subject id) the
     * number 2, and the time, actor, action, before, after and previous hash, each length-prefixed.
     */
    private static String claimsHash(UUID claimId, int sequence, String subjectId, String username, String action,
                                     String before, String after, String previousHash) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            field(sha256, claimId.toString());
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(sequence).array());
            List<String> fields = new ArrayList<>();
            if (subjectId != null) {
                sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(2).array());
            }
            fields.add((sequence == 1 ? AT : AT.plusSeconds(1)).toString());
            if (subjectId != null) {
                fields.add(subjectId);
            }
            fields.addAll(List.of(username, action, before, after, previousHash));
            fields.forEach(value -> field(sha256, value));
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

package dev.restitution.kit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditChainTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00.123456789Z");
    private static final Actor FIONA = new Actor("fiona-subject", "fiona");

    private static AuditRecord record(String reason) {
        return new AuditRecord(FIONA, "ROUND_PROPOSED", "ROUND", "round-1", null, "{\"n\":1}", reason);
    }

    @Test
    void eachEntryFollowsItsPredecessor() {
        // Why: a chain that verifies must be what the append produced, time cut to what PostgreSQL stores.
        AuditEntry first = AuditChain.next(0, AuditChain.GENESIS_HASH, NOW, record("first"));
        AuditEntry second = AuditChain.next(first.sequence(), first.hash(), NOW, record("second"));
        assertEquals(Instant.parse("2026-11-21T12:00:00.123456Z"), first.occurredAt());
        assertEquals(Optional.empty(), AuditChain.breakAt(0, AuditChain.GENESIS_HASH, first));
        assertEquals(Optional.empty(), AuditChain.breakAt(first.sequence(), first.hash(), second));
    }

    @Test
    void aChangedFieldARemovedEntryOrAForgedHashIsFound() {
        // Why: the chain exists to expose tampering with any entry.
        AuditEntry first = AuditChain.next(0, AuditChain.GENESIS_HASH, NOW, record("first"));
        AuditEntry second = AuditChain.next(first.sequence(), first.hash(), NOW, record("second"));
        AuditEntry changed = new AuditEntry(first.sequence(), first.version(), first.occurredAt(), record("edited"),
                first.previousHash(), first.hash());
        assertTrue(AuditChain.breakAt(0, AuditChain.GENESIS_HASH, changed).orElseThrow().contains("does not match"));
        assertTrue(AuditChain.breakAt(0, AuditChain.GENESIS_HASH, second).orElseThrow().contains("follows"));
        AuditEntry relinked = new AuditEntry(second.sequence(), second.version(), second.occurredAt(), second.record(),
                AuditChain.GENESIS_HASH, second.hash());
        assertTrue(AuditChain.breakAt(first.sequence(), first.hash(), relinked).isPresent());
    }

    @Test
    void anAbsentStateDiffersFromAnEmptyOne() {
        // Why: "no before state" and "empty before state" are different facts and must hash differently.
        AuditRecord absent = new AuditRecord(FIONA, "X", "Y", "z", null, null, "r");
        AuditRecord empty = new AuditRecord(FIONA, "X", "Y", "z", "", null, "r");
        assertTrue(!AuditChain.hash(1, AuditChain.CURRENT_VERSION, NOW, absent, AuditChain.GENESIS_HASH)
                .equals(AuditChain.hash(1, AuditChain.CURRENT_VERSION, NOW, empty, AuditChain.GENESIS_HASH)));
    }

    @Test
    void aNewEntryHashesTheActorsSubjectIdAndUserNameApart() {
        // Why: who acted is part of what the chain protects; renaming the user or swapping the subject must show.
        AuditEntry entry = AuditChain.next(0, AuditChain.GENESIS_HASH, NOW, record("first"));
        assertEquals(AuditChain.CURRENT_VERSION, entry.version());
        for (Actor other : List.of(new Actor("fiona-subject", "fiona2"), new Actor("frank-subject", "fiona"))) {
            AuditEntry forged = new AuditEntry(entry.sequence(), entry.version(), entry.occurredAt(),
                    new AuditRecord(other, "ROUND_PROPOSED", "ROUND", "round-1", null, "{\"n\":1}", "first"),
                    entry.previousHash(), entry.hash());
            assertTrue(AuditChain.breakAt(0, AuditChain.GENESIS_HASH, forged).orElseThrow().contains("does not match"));
        }
    }

    @Test
    void anEntryWrittenBeforeTheActorHadTwoFieldsStillVerifiesAndANewOneChainsToIt() {
        // Why: entries of version 1 were hashed over the actor as one text; upgrading must not break the chain.
        String legacyHash = legacyHash(1, NOW.truncatedTo(ChronoUnit.MICROS), "fiona-subject (fiona)", "old");
        AuditEntry legacy = new AuditEntry(1, AuditChain.ACTOR_AS_TEXT, NOW.truncatedTo(ChronoUnit.MICROS),
                new AuditRecord(Actor.fromText("fiona-subject (fiona)"), "ROUND_PROPOSED", "ROUND", "round-1", null,
                        "{\"n\":1}", "old"), AuditChain.GENESIS_HASH, legacyHash);
        assertEquals(Optional.empty(), AuditChain.breakAt(0, AuditChain.GENESIS_HASH, legacy));
        assertEquals(FIONA, legacy.record().actor());
        AuditEntry next = AuditChain.next(legacy.sequence(), legacy.hash(), NOW, record("new"));
        assertEquals(Optional.empty(), AuditChain.breakAt(legacy.sequence(), legacy.hash(), next));
    }

    @Test
    void theActorTextOfOldEntriesReadsBackIntoBothHalves() {
        // Why: version 1 entries are verified by writing their actor back as the very text that was hashed.
        for (String text : List.of("fiona-subject (fiona)", "3f2a-subject", "event:ClaimApproved:0b1c (claims-service)",
                "payout-service:execution (execution)", "s (a (b))")) {
            assertEquals(text, Actor.fromText(text).text());
        }
        assertEquals(new Actor("3f2a-subject", "3f2a-subject"), Actor.fromText("3f2a-subject"));
    }

    /** The hash as it was computed before versions: the actor as one text, no version field. */
    private static String legacyHash(long sequence, Instant at, String actor, String reason) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(sequence).array());
            for (String value : new String[] {at.toString(), actor, "ROUND_PROPOSED", "ROUND", "round-1"}) {
                field(sha256, value);
            }
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(-1).array());
            for (String value : new String[] {"{\"n\":1}", reason, AuditChain.GENESIS_HASH}) {
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

package dev.restitution.contracts.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditChainTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00.123456789Z");

    private static AuditRecord record(String reason) {
        return new AuditRecord("fiona-subject (fiona)", "ROUND_PROPOSED", "ROUND", "round-1", null, "{\"n\":1}", reason);
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
        AuditEntry changed = new AuditEntry(first.sequence(), first.occurredAt(), record("edited"), first.previousHash(),
                first.hash());
        assertTrue(AuditChain.breakAt(0, AuditChain.GENESIS_HASH, changed).orElseThrow().contains("does not match"));
        assertTrue(AuditChain.breakAt(0, AuditChain.GENESIS_HASH, second).orElseThrow().contains("follows"));
        AuditEntry relinked = new AuditEntry(second.sequence(), second.occurredAt(), second.record(),
                AuditChain.GENESIS_HASH, second.hash());
        assertTrue(AuditChain.breakAt(first.sequence(), first.hash(), relinked).isPresent());
    }

    @Test
    void anAbsentStateDiffersFromAnEmptyOne() {
        // Why: "no before state" and "empty before state" are different facts and must hash differently.
        AuditRecord absent = new AuditRecord("a", "X", "Y", "z", null, null, "r");
        AuditRecord empty = new AuditRecord("a", "X", "Y", "z", "", null, "r");
        assertTrue(!AuditChain.hash(1, NOW, absent, AuditChain.GENESIS_HASH)
                .equals(AuditChain.hash(1, NOW, empty, AuditChain.GENESIS_HASH)));
    }
}

package dev.restitution.claims.claim.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClaimAuditChainTest {

    private static List<ClaimAuditChain.Entry> chain(UUID claimId, int length) {
        List<ClaimAuditChain.Entry> entries = new ArrayList<>();
        for (int index = 0; index < length; index++) {
            ClaimAuditChain.Entry previous = entries.isEmpty() ? null : entries.getLast();
            entries.add(ClaimAuditChain.next(claimId, previous == null ? 0 : previous.sequence(),
                    previous == null ? ClaimAuditChain.GENESIS_HASH : previous.hash(), Instant.now(), "alice",
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
        changed.set(1, new ClaimAuditChain.Entry(second.claimId(), second.sequence(), second.at(), "mallory",
                second.action(), second.before(), second.after(), second.previousHash(), second.hash()));
        assertEquals("entry 2 does not match its hash", ClaimAuditChain.firstBreak(changed).orElseThrow());
        List<ClaimAuditChain.Entry> removed = new ArrayList<>(entries);
        removed.remove(2);
        assertTrue(ClaimAuditChain.firstBreak(removed).isPresent());
        List<ClaimAuditChain.Entry> reordered = new ArrayList<>(entries);
        reordered.set(1, entries.get(2));
        reordered.set(2, entries.get(1));
        assertTrue(ClaimAuditChain.firstBreak(reordered).isPresent());
    }
}

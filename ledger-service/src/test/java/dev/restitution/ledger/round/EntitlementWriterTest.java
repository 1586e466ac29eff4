package dev.restitution.ledger.round;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.kit.id.ClaimId;
import dev.restitution.kit.id.LineId;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.liability.domain.OpenLine;
import dev.restitution.ledger.round.persistence.EntitlementStore;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EntitlementWriterTest {

    /** Keeps what the writer hands over instead of copying it into PostgreSQL. */
    private static final class CapturingStore extends EntitlementStore {
        final List<NewEntitlement> rows = new ArrayList<>();
        final List<Integer> batches = new ArrayList<>();

        @Override
        public void insertAll(List<NewEntitlement> newRows) {
            batches.add(newRows.size());
            rows.addAll(newRows);
        }
    }

    @Test
    void entitlementIdsAreTimeOrderedAndIncreaseInTheOrderTheyAreWritten() {
        // Why: time-ordered ids append to the primary-key indexes; random ones made a million-line round a third slower.
        CapturingStore store = new CapturingStore();
        EntitlementWriter writer = new EntitlementWriter(store, UUID.randomUUID(), UUID.randomUUID(),
                new AssetSpec("ETH", 1, Optional.empty(), 18), 2);
        for (int line = 0; line < 5; line++) {
            writer.entitle(new OpenLine(new LineId(UUID.randomUUID()), new ClaimId(UUID.randomUUID()), BigInteger.TEN,
                    "0x52908400098527886E0F7030069857D2E4169EE7"), BigInteger.valueOf(line + 1));
        }

        assertEquals(5, writer.finish());
        assertEquals(List.of(2, 2, 1), store.batches);
        List<UUID> entitlementIds = store.rows.stream().map(EntitlementStore.NewEntitlement::id).toList();
        entitlementIds.forEach(id -> assertEquals(7, id.version(), id + " is a version 7 UUID"));
        for (int index = 1; index < entitlementIds.size(); index++) {
            assertTrue(entitlementIds.get(index - 1).toString().compareTo(entitlementIds.get(index).toString()) < 0,
                    entitlementIds.get(index - 1) + " comes before " + entitlementIds.get(index));
        }
        assertEquals(5, new HashSet<>(entitlementIds).size());
    }
}

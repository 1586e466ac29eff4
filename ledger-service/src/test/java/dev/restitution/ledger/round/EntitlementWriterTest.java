package dev.restitution.ledger.round;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.contracts.events.EntitlementIssued;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.id.ClaimId;
import dev.restitution.kit.id.LineId;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.liability.domain.OpenLine;
import dev.restitution.ledger.round.persistence.EntitlementStore;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EntitlementWriterTest {

    /** Keeps what the writer hands over instead of copying it into PostgreSQL. */
    private static final class CapturingStore extends EntitlementStore {
        final List<NewEntitlement> rows = new ArrayList<>();
        final List<OutboxRow> events = new ArrayList<>();
        final List<Integer> batches = new ArrayList<>();

        @Override
        public void insertAll(List<NewEntitlement> newRows, List<OutboxRow> newEvents) {
            batches.add(newRows.size());
            rows.addAll(newRows);
            events.addAll(newEvents);
        }
    }

    @Test
    void entitlementAndEventIdsAreTimeOrderedAndIncreaseInTheOrderTheyAreWritten() {
        // Why: time-ordered ids append to the primary-key indexes; random ones made a million-line round a third slower.
        CapturingStore store = new CapturingStore();
        EntitlementWriter writer = new EntitlementWriter(store, new EventCodec(), UUID.randomUUID(), UUID.randomUUID(),
                new AssetSpec("ETH", 1, Optional.empty(), 18), Instant.parse("2026-11-22T05:00:00Z"), 2);
        for (int line = 0; line < 5; line++) {
            writer.entitle(new OpenLine(new LineId(UUID.randomUUID()), new ClaimId(UUID.randomUUID()), BigInteger.TEN,
                    "0x52908400098527886E0F7030069857D2E4169EE7"), BigInteger.valueOf(line + 1));
        }

        assertEquals(5, writer.finish());
        assertEquals(List.of(2, 2, 1), store.batches);
        List<UUID> entitlementIds = store.rows.stream().map(EntitlementStore.NewEntitlement::id).toList();
        List<UUID> eventIds = store.events.stream().map(EntitlementStore.OutboxRow::id).toList();
        for (List<UUID> ids : List.of(entitlementIds, eventIds)) {
            ids.forEach(id -> assertEquals(7, id.version(), id + " is a version 7 UUID"));
            for (int index = 1; index < ids.size(); index++) {
                assertTrue(ids.get(index - 1).toString().compareTo(ids.get(index).toString()) < 0,
                        ids.get(index - 1) + " comes before " + ids.get(index));
            }
        }
        assertEquals(10, new HashSet<>(Stream.concat(entitlementIds.stream(), eventIds.stream()).toList()).size());
        for (int index = 0; index < 5; index++) {
            assertEquals(store.rows.get(index).id().toString(), store.events.get(index).messageKey(),
                    "each event is keyed by its entitlement");
        }
    }

    @Test
    void eachEventNamesItsAssetByItsCaip19IdBesideTheSymbol() {
        // Why: every asset that crosses a service carries its CAIP-19 id; a consumer must not have to rebuild it from chain and contract.
        CapturingStore store = new CapturingStore();
        EventCodec codec = new EventCodec();
        EntitlementWriter writer = new EntitlementWriter(store, codec, UUID.randomUUID(), UUID.randomUUID(),
                new AssetSpec("USDT", 1, Optional.of("0xdAC17F958D2ee523a2206206994597C13D831ec7"), 6),
                Instant.parse("2026-11-22T05:00:00Z"), 10);
        writer.entitle(new OpenLine(new LineId(UUID.randomUUID()), new ClaimId(UUID.randomUUID()), BigInteger.TEN,
                "0x52908400098527886E0F7030069857D2E4169EE7"), BigInteger.TWO);
        writer.finish();

        EntitlementIssued issued = codec.payload(codec.decode(store.events.getFirst().payload()), EntitlementIssued.class);
        assertEquals("USDT", issued.getAssetSymbol());
        assertEquals("eip155:1/erc20:0xdac17f958d2ee523a2206206994597c13d831ec7", issued.getAssetId());
    }
}

package dev.restitution.ledger.round;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.contracts.events.EntitlementsIssued;
import dev.restitution.contracts.events.IssuedEntitlement;
import dev.restitution.contracts.events.RoundApproved;
import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import dev.restitution.kit.tracing.TraceParent;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.round.domain.EntitlementLeaf;
import dev.restitution.ledger.round.domain.EntitlementTree;
import dev.restitution.ledger.round.domain.Round;
import dev.restitution.ledger.round.domain.RoundState;
import dev.restitution.ledger.round.persistence.EntitlementStore;
import dev.restitution.ledger.round.persistence.EntitlementTreeStore;
import io.opentelemetry.api.trace.Span;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EntitlementPagesTest {

    private static final Instant NOW = Instant.parse("2026-12-06T21:00:00Z");
    private static final AssetSpec USDT = new AssetSpec("USDT", 1, Optional.of("0xdAC17F958D2ee523a2206206994597C13D831ec7"), 6);
    private static final byte[] SECRET = new byte[32];

    /** Serves leaves from memory in id order instead of reading PostgreSQL. */
    private static final class Leaves extends EntitlementTreeStore {
        final List<StoredLeaf> all = new ArrayList<>();

        @Override
        public List<StoredLeaf> leaves(UUID roundId, UUID afterId, int limit) {
            return all.stream().filter(leaf -> leaf.entitlementId().compareTo(afterId) > 0).limit(limit).toList();
        }
    }

    /** Keeps the outbox rows instead of copying them into PostgreSQL; sums the round's leaves by asset. */
    private static final class Outbox extends EntitlementStore {
        final List<OutboxRow> rows = new ArrayList<>();
        final List<EntitlementTreeStore.StoredLeaf> leaves;

        Outbox(List<EntitlementTreeStore.StoredLeaf> leaves) {
            this.leaves = leaves;
        }

        @Override
        public void insertEvents(List<OutboxRow> events) {
            rows.addAll(events);
        }

        @Override
        public Totals totals(UUID roundId, String asset) {
            List<EntitlementTreeStore.StoredLeaf> ofAsset = leaves.stream().filter(leaf -> leaf.asset().equals(asset)).toList();
            return new Totals(ofAsset.size(), ofAsset.stream().map(EntitlementTreeStore.StoredLeaf::amount)
                    .reduce(BigInteger.ZERO, BigInteger::add));
        }
    }

    @Test
    void aRoundsEntitlementsGoOutInFullPagesOfFiveHundredNumberedWithTheirCount() {
        // Why: one event per entitlement made a million-line round a million messages; a page is bounded so it fits one Kafka record.
        Leaves leaves = new Leaves();
        for (long index = 1; index <= 1201; index++) {
            leaves.all.add(new EntitlementTreeStore.StoredLeaf(new UUID(0, index), UUID.randomUUID(), UUID.randomUUID(),
                    "ACC-" + index, "USDT", BigInteger.valueOf(index), BigInteger.valueOf(index + 7), (int) index - 1,
                    "0x52908400098527886E0F7030069857D2E4169EE7", Optional.empty()));
        }
        Outbox outbox = new Outbox(leaves.all);
        EventCodec codec = new EventCodec();
        EntitlementTree tree = new EntitlementTree(new byte[32], 1, 1201);
        Round round = approvedRound(tree);

        new EntitlementPages(leaves, outbox, codec).publish(round, List.of(USDT), tree,
                new EntitlementTrees.Accounts(SECRET), NOW);

        assertEquals(4, outbox.rows.size(), "three pages and the round's RoundApproved");
        List<Integer> sizes = new ArrayList<>();
        List<UUID> seen = new ArrayList<>();
        for (int index = 0; index < 3; index++) {
            EntitlementStore.OutboxRow row = outbox.rows.get(index);
            EventEnvelope event = codec.decode(row.payload());
            assertEquals(EventTypes.ENTITLEMENTS_ISSUED, event.type());
            assertEquals(round.id().toString(), row.messageKey(), "a round's pages share its key, so they stay in order");
            EntitlementsIssued page = codec.payload(event, EntitlementsIssued.class);
            assertEquals(index + 1, page.getPage());
            assertEquals(3, page.getPageCount());
            assertEquals(tree.rootHex(), page.getEntitlementRoot());
            sizes.add(page.getEntitlements().size());
            page.getEntitlements().forEach(item -> seen.add(item.getEntitlementId()));
        }
        assertEquals(List.of(500, 500, 201), sizes);
        assertEquals(leaves.all.stream().map(EntitlementTreeStore.StoredLeaf::entitlementId).toList(), seen,
                "every entitlement once, in id order");
    }

    @Test
    void eachEntitlementCarriesItsCaip19AssetItsLeafAmountAndItsAccountCommitment() {
        // Why: a consumer must not rebuild the asset from chain and contract, and a pull distributor needs the leaf's values.
        Leaves leaves = new Leaves();
        leaves.all.add(new EntitlementTreeStore.StoredLeaf(new UUID(0, 1), UUID.randomUUID(), UUID.randomUUID(), "ACC-1",
                "USDT", BigInteger.TWO, BigInteger.TEN, 0, "0x52908400098527886E0F7030069857D2E4169EE7", Optional.empty()));
        Outbox outbox = new Outbox(leaves.all);
        EventCodec codec = new EventCodec();
        EntitlementTree tree = new EntitlementTree(new byte[32], 1, 1);

        new EntitlementPages(leaves, outbox, codec).publish(approvedRound(tree), List.of(USDT), tree,
                new EntitlementTrees.Accounts(SECRET), NOW);

        IssuedEntitlement item = codec.payload(codec.decode(outbox.rows.getFirst().payload()), EntitlementsIssued.class)
                .getEntitlements().getFirst();
        assertEquals("USDT", item.getAssetSymbol());
        assertEquals("eip155:1/erc20:0xdac17f958d2ee523a2206206994597c13d831ec7", item.getAssetId());
        assertEquals("2", item.getAmount());
        assertEquals("10", item.getCumulativeAmount());
        byte[] commitment = EntitlementLeaf.accountCommitment(EntitlementLeaf.salt(SECRET, "ACC-1"), "ACC-1");
        assertEquals("0x" + HexFormat.of().formatHex(commitment), item.getAccountCommitment());
        assertTrue(outbox.rows.getFirst().id().version() == 7, "event ids are time-ordered");
    }

    @Test
    void anEntitlementCarriesTheTraceItsLineWasBookedInAndOmitsItWhenTheLineHasNone() {
        // Why: payout-service records a claim's payment under this trace parent; a line booked without tracing must
        // give an item without the field (never null), which the event schema allows. The pages themselves go out in
        // the trace of the round's approval.
        String traced = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Leaves leaves = new Leaves();
        leaves.all.add(new EntitlementTreeStore.StoredLeaf(new UUID(0, 1), UUID.randomUUID(), UUID.randomUUID(), "ACC-1",
                "USDT", BigInteger.TWO, BigInteger.TEN, 0, "0x52908400098527886E0F7030069857D2E4169EE7",
                Optional.of(traced)));
        leaves.all.add(new EntitlementTreeStore.StoredLeaf(new UUID(0, 2), UUID.randomUUID(), UUID.randomUUID(), "ACC-2",
                "USDT", BigInteger.ONE, BigInteger.ONE, 1, "0x52908400098527886E0F7030069857D2E4169EE7",
                Optional.empty()));
        Outbox outbox = new Outbox(leaves.all);
        EventCodec codec = new EventCodec();
        EntitlementTree tree = new EntitlementTree(new byte[32], 1, 2);

        String approval = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        try (var ignored = Span.wrap(new TraceParent(approval).spanContext()).makeCurrent()) {
            new EntitlementPages(leaves, outbox, codec).publish(approvedRound(tree), List.of(USDT), tree,
                    new EntitlementTrees.Accounts(SECRET), NOW);
        }

        assertEquals(List.of(Optional.of(approval), Optional.of(approval)),
                outbox.rows.stream().map(EntitlementStore.OutboxRow::traceParent).toList(),
                "the page and RoundApproved are published in the approval's trace");
        String payload = outbox.rows.getFirst().payload();
        List<IssuedEntitlement> items = codec.payload(codec.decode(payload), EntitlementsIssued.class).getEntitlements();
        assertEquals(traced, items.get(0).getTraceParent());
        assertNull(items.get(1).getTraceParent());
        assertEquals(1, payload.split("\"traceParent\"", -1).length - 1, "the untraced item has no traceParent key: " + payload);
    }

    @Test
    void theApprovedRoundGoesOutAsRoundApprovedWithItsRootAndThisRoundsTotalsOfEachAssetItEntitled() {
        // Why: payout-service commits exactly these fields on-chain before it pays the round; a cumulative amount in
        // the totals, or an asset the round entitled nothing of, would commit totals nobody can reproduce.
        AssetSpec eth = new AssetSpec("ETH", 1, Optional.empty(), 18);
        AssetSpec dai = new AssetSpec("DAI", 1, Optional.of("0x6B175474E89094C44Da98b954EedeAC495271d0F"), 18);
        Leaves leaves = new Leaves();
        leaves.all.add(new EntitlementTreeStore.StoredLeaf(new UUID(0, 1), UUID.randomUUID(), UUID.randomUUID(), "ACC-1",
                "USDT", BigInteger.TWO, BigInteger.TEN, 0, "0x52908400098527886E0F7030069857D2E4169EE7", Optional.empty()));
        leaves.all.add(new EntitlementTreeStore.StoredLeaf(new UUID(0, 2), UUID.randomUUID(), UUID.randomUUID(), "ACC-2",
                "ETH", BigInteger.valueOf(5), BigInteger.valueOf(50), 1, "0x52908400098527886E0F7030069857D2E4169EE7", Optional.empty()));
        leaves.all.add(new EntitlementTreeStore.StoredLeaf(new UUID(0, 3), UUID.randomUUID(), UUID.randomUUID(), "ACC-3",
                "USDT", BigInteger.valueOf(3), BigInteger.valueOf(3), 2, "0x52908400098527886E0F7030069857D2E4169EE7", Optional.empty()));
        Outbox outbox = new Outbox(leaves.all);
        EventCodec codec = new EventCodec();
        EntitlementTree tree = new EntitlementTree(new byte[32], 1, 3);
        Round round = approvedRound(tree);

        new EntitlementPages(leaves, outbox, codec).publish(round, List.of(USDT, eth, dai), tree,
                new EntitlementTrees.Accounts(SECRET), NOW);

        EntitlementStore.OutboxRow row = outbox.rows.getLast();
        EventEnvelope event = codec.decode(row.payload());
        assertEquals(EventTypes.ROUND_APPROVED, event.type());
        assertEquals(Topics.LEDGER_INCIDENTS, row.topic());
        assertEquals(round.incidentId().toString(), row.messageKey(), "keyed by the incident, after its seal");
        RoundApproved approved = codec.payload(event, RoundApproved.class);
        assertEquals(round.id(), approved.getRoundId());
        assertEquals(1, approved.getRoundNumber());
        assertEquals(tree.rootHex(), approved.getEntitlementRoot());
        assertEquals(3L, approved.getEntitlementCount());
        assertEquals(List.of("USDT:eip155:1/erc20:0xdac17f958d2ee523a2206206994597c13d831ec7:5:2", "ETH:eip155:1/slip44:60:5:1"),
                approved.getTotals().stream().map(total -> total.getAsset() + ":" + total.getAssetId() + ":"
                        + total.getTotal() + ":" + total.getCount()).toList());
        assertEquals(NOW, approved.getApprovedAt().toInstant());
    }

    private static Round approvedRound(EntitlementTree tree) {
        return new Round(UUID.randomUUID(), UUID.randomUUID(), 1, RoundState.APPROVED, "note", "round:key", "0".repeat(64),
                new Actor("operator", "operator"), NOW, Optional.of(new Actor("approver", "approver")), Optional.of(NOW),
                Optional.of("ok"), List.of(), Optional.of(tree));
    }
}

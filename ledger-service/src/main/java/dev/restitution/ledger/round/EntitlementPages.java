package dev.restitution.ledger.round;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.restitution.contracts.events.EntitlementsIssued;
import dev.restitution.contracts.events.IssuedEntitlement;
import dev.restitution.contracts.events.RoundApproved;
import dev.restitution.contracts.events.RoundApprovedTotal;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import dev.restitution.kit.tracing.TraceParent;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.round.domain.EntitlementTree;
import dev.restitution.ledger.round.domain.Round;
import dev.restitution.ledger.round.persistence.EntitlementStore;
import dev.restitution.ledger.round.persistence.EntitlementTreeStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Announces an approved round's entitlements as EntitlementsIssued events (version 2 of EntitlementIssued):
 * the round's entitlements in id order, {@link EventTypes#ENTITLEMENTS_PER_PAGE} to a page (the last holds
 * the rest), pages numbered 1 to the page count, each with the round's entitlement root; written to the
 * outbox with COPY in the approval's transaction, a few pages at a time, so memory stays bounded. Then the
 * round itself as RoundApproved (its root and per-asset totals, what payout-service commits on-chain before it
 * pays anything of the round), in the same transaction.
 */
@ApplicationScoped
public class EntitlementPages {

    static final String SOURCE = "/ledger-service";
    /** Pages written to the outbox per COPY (a full page is about 350 kB of JSON). */
    static final int PAGES_PER_COPY = 16;
    /** Thread-safe; ids it hands out increase, also within one millisecond. */
    private static final TimeBasedEpochGenerator IDS = Generators.timeBasedEpochGenerator();
    private static final HexFormat HEX = HexFormat.of();

    private final EntitlementTreeStore leaves;
    private final EntitlementStore outbox;
    private final EventCodec codec;

    public EntitlementPages(EntitlementTreeStore leaves, EntitlementStore outbox, EventCodec codec) {
        this.leaves = leaves;
        this.outbox = outbox;
        this.codec = codec;
    }

    /** Writes the round's pages to the outbox; checks every entitlement of the tree went out once. */
    void publish(Round round, List<AssetSpec> incidentAssets, EntitlementTree tree, EntitlementTrees.Accounts accounts,
                 Instant now) {
        int perPage = EventTypes.ENTITLEMENTS_PER_PAGE;
        int pageCount = Math.toIntExact((tree.leaves() + perPage - 1) / perPage);
        Map<String, AssetSpec> assets = incidentAssets.stream()
                .collect(Collectors.toMap(AssetSpec::symbol, Function.identity()));
        // The round's approval: the relay publishes the pages in its trace (each entitlement carries its claim's too).
        Optional<String> approval = TraceParent.current().map(TraceParent::value);
        List<EntitlementStore.OutboxRow> pending = new ArrayList<>(PAGES_PER_COPY);
        UUID after = new UUID(0, 0);
        long sent = 0;
        int page = 0;
        for (List<EntitlementTreeStore.StoredLeaf> items = leaves.leaves(round.id(), after, perPage); !items.isEmpty();
             items = leaves.leaves(round.id(), after, perPage)) {
            page++;
            EventEnvelope event = codec.wrap(IDS.generate().toString(), EventTypes.ENTITLEMENTS_ISSUED, SOURCE, now,
                    round.id().toString(), new EntitlementsIssued()
                            .withRoundId(round.id())
                            .withIncidentId(round.incidentId())
                            .withEntitlementRoot(tree.rootHex())
                            .withLeafFormat(tree.leafFormat())
                            .withPage(page)
                            .withPageCount(pageCount)
                            .withEntitlements(items.stream().map(item -> issued(item, assets.get(item.asset()), accounts))
                                    .toList()));
            pending.add(new EntitlementStore.OutboxRow(UUID.fromString(event.id()), Topics.LEDGER_ENTITLEMENTS,
                    event.subject(), event.type(), codec.encode(event), now, approval));
            if (pending.size() == PAGES_PER_COPY) {
                outbox.insertEvents(pending);
                pending.clear();
            }
            sent += items.size();
            after = items.getLast().entitlementId();
        }
        if (!pending.isEmpty()) {
            outbox.insertEvents(pending);
        }
        if (sent != tree.leaves() || page != pageCount) {
            throw new IllegalStateException("round " + round.id() + ": announced " + sent + " entitlements in " + page
                    + " pages, its tree has " + tree.leaves() + " leaves in " + pageCount + " pages");
        }
        outbox.insertEvents(List.of(roundApproved(round, incidentAssets, tree, now, approval)));
    }

    /**
     * RoundApproved, keyed by the incident id: the tree's root and, per asset the round entitled something of, this
     * round's sum and count (read back from the entitlements written; they must add up to the tree's leaves).
     */
    private EntitlementStore.OutboxRow roundApproved(Round round, List<AssetSpec> incidentAssets, EntitlementTree tree,
                                                     Instant now, Optional<String> approval) {
        List<RoundApprovedTotal> totals = new ArrayList<>();
        long counted = 0;
        for (AssetSpec asset : incidentAssets) {
            EntitlementStore.Totals total = outbox.totals(round.id(), asset.symbol());
            if (total.count() > 0) {
                totals.add(new RoundApprovedTotal().withAsset(asset.symbol()).withAssetId(asset.assetId().toString())
                        .withTotal(total.amount().toString()).withCount(total.count()));
                counted += total.count();
            }
        }
        if (counted != tree.leaves()) {
            throw new IllegalStateException("round " + round.id() + ": " + counted + " entitlements by asset, its tree has "
                    + tree.leaves() + " leaves");
        }
        EventEnvelope event = codec.wrap(IDS.generate().toString(), EventTypes.ROUND_APPROVED, SOURCE, now,
                round.incidentId().toString(), new RoundApproved()
                        .withIncidentId(round.incidentId())
                        .withRoundId(round.id())
                        .withRoundNumber(round.number())
                        .withEntitlementRoot(tree.rootHex())
                        .withLeafFormat(tree.leafFormat())
                        .withEntitlementCount(tree.leaves())
                        .withTotals(totals)
                        .withApprovedAt(now.atOffset(ZoneOffset.UTC)));
        return new EntitlementStore.OutboxRow(UUID.fromString(event.id()), Topics.LEDGER_INCIDENTS, event.subject(),
                event.type(), codec.encode(event), now, approval);
    }

    private static IssuedEntitlement issued(EntitlementTreeStore.StoredLeaf leaf, AssetSpec asset,
                                            EntitlementTrees.Accounts accounts) {
        return new IssuedEntitlement()
                .withEntitlementId(leaf.entitlementId())
                .withClaimId(leaf.claimId())
                .withLineId(leaf.lineId())
                .withAccountCommitment("0x" + HEX.formatHex(accounts.commitment(leaf.accountId())))
                .withAssetSymbol(asset.symbol())
                .withAssetId(asset.assetId().toString())
                .withChainId(asset.chainId())
                .withTokenContract(asset.tokenContract().orElse(null))
                .withAmount(leaf.amount().toString())
                .withCumulativeAmount(leaf.cumulative().toString())
                .withPayoutAddress(leaf.payoutAddress())
                .withTraceParent(leaf.traceParent().orElse(null));
    }
}

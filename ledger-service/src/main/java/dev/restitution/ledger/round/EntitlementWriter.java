package dev.restitution.ledger.round;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.restitution.contracts.events.EntitlementIssued;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.liability.domain.OpenLine;
import dev.restitution.ledger.round.persistence.EntitlementStore;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes one asset's entitlements of an approved round: a row and an EntitlementIssued event in
 * the outbox table for each, in the approval's transaction. Both go out with COPY a batch at a time
 * (a million events appended one by one through the ORM cost minutes), so a round of millions of
 * lines runs in bounded memory.
 *
 * <p>Entitlement and event ids are version 7 UUIDs (time-ordered, RFC 9562): each batch then appends
 * to the right end of the entitlement and outbox primary-key indexes and of the round's entitlement
 * index, where random ids would write all over them; about a third less time inserting a million.
 */
final class EntitlementWriter implements RoundPlanner.EntitlementSink {

    static final String SOURCE = "/ledger-service";
    /** Thread-safe; ids it hands out increase, also within one millisecond. */
    private static final TimeBasedEpochGenerator IDS = Generators.timeBasedEpochGenerator();

    private final EntitlementStore store;
    private final EventCodec codec;
    private final UUID roundId;
    private final UUID incidentId;
    private final AssetSpec asset;
    private final String assetId;
    private final Instant now;
    private final int batchSize;
    private final List<EntitlementStore.NewEntitlement> pending;
    private final List<EntitlementStore.OutboxRow> pendingEvents;
    private long written;

    EntitlementWriter(EntitlementStore store, EventCodec codec, UUID roundId, UUID incidentId,
                      AssetSpec asset, Instant now, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size is positive, not " + batchSize);
        }
        this.store = store;
        this.codec = codec;
        this.roundId = roundId;
        this.incidentId = incidentId;
        this.asset = asset;
        this.assetId = asset.assetId().toString();
        this.now = now;
        this.batchSize = batchSize;
        this.pending = new ArrayList<>(batchSize);
        this.pendingEvents = new ArrayList<>(batchSize);
    }

    @Override
    public void entitle(OpenLine line, BigInteger amount) {
        UUID entitlementId = IDS.generate();
        pending.add(new EntitlementStore.NewEntitlement(entitlementId, roundId, line.lineId().value(), incidentId,
                asset.symbol(), amount));
        EventEnvelope event = issued(entitlementId, line, amount);
        pendingEvents.add(new EntitlementStore.OutboxRow(UUID.fromString(event.id()), Topics.LEDGER_ENTITLEMENTS,
                event.subject(), event.type(), codec.encode(event), now));
        if (pending.size() == batchSize) {
            flush();
        }
    }

    /** Writes what is pending; returns how many entitlements were written in all. */
    long finish() {
        flush();
        return written;
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        store.insertAll(pending, pendingEvents);
        written += pending.size();
        pending.clear();
        pendingEvents.clear();
    }

    private EventEnvelope issued(UUID entitlementId, OpenLine line, BigInteger amount) {
        EntitlementIssued payload = new EntitlementIssued()
                .withEntitlementId(entitlementId)
                .withRoundId(roundId)
                .withIncidentId(incidentId)
                .withClaimId(line.claimId().value())
                .withLineId(line.lineId().value())
                .withAssetSymbol(asset.symbol())
                .withAssetId(assetId)
                .withChainId(asset.chainId())
                .withTokenContract(asset.tokenContract().orElse(null))
                .withAmount(amount.toString())
                .withPayoutAddress(line.payoutAddress());
        return codec.wrap(IDS.generate().toString(), EventTypes.ENTITLEMENT_ISSUED, SOURCE, now,
                entitlementId.toString(), payload);
    }
}

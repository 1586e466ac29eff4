package dev.restitution.ledger.round;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.liability.domain.OpenLine;
import dev.restitution.ledger.round.persistence.EntitlementStore;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes one asset's entitlements of an approved round, in the approval's transaction, with COPY a
 * batch at a time (a million rows appended one by one through the ORM cost minutes), so a round of
 * millions of lines runs in bounded memory. Their events follow once the round's tree is built
 * ({@link EntitlementPages}).
 *
 * <p>Entitlement ids are version 7 UUIDs (time-ordered, RFC 9562): each batch then appends to the
 * right end of the entitlement primary-key index and of the round's entitlement index, where random
 * ids would write all over them; about a third less time inserting a million.
 */
final class EntitlementWriter implements RoundPlanner.EntitlementSink {

    /** Thread-safe; ids it hands out increase, also within one millisecond. */
    private static final TimeBasedEpochGenerator IDS = Generators.timeBasedEpochGenerator();

    private final EntitlementStore store;
    private final UUID roundId;
    private final UUID incidentId;
    private final AssetSpec asset;
    private final int batchSize;
    private final List<EntitlementStore.NewEntitlement> pending;
    private long written;

    EntitlementWriter(EntitlementStore store, UUID roundId, UUID incidentId, AssetSpec asset, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size is positive, not " + batchSize);
        }
        this.store = store;
        this.roundId = roundId;
        this.incidentId = incidentId;
        this.asset = asset;
        this.batchSize = batchSize;
        this.pending = new ArrayList<>(batchSize);
    }

    @Override
    public void entitle(OpenLine line, BigInteger amount) {
        UUID entitlementId = IDS.generate();
        pending.add(new EntitlementStore.NewEntitlement(entitlementId, roundId, line.lineId().value(), incidentId,
                asset.symbol(), amount));
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
        store.insertAll(pending);
        written += pending.size();
        pending.clear();
    }
}

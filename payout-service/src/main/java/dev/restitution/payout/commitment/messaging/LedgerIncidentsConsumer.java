package dev.restitution.payout.commitment.messaging;

import dev.restitution.kit.deadletter.DeadLetterHandlers;
import java.util.Map;
import java.util.function.Consumer;
import dev.restitution.contracts.events.RoundApproved;
import dev.restitution.contracts.events.SnapshotSealed;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.payout.commitment.Commitments;
import dev.restitution.payout.commitment.domain.CommitmentEncoding;
import dev.restitution.payout.commitment.domain.CommitmentEncoding.AssetTotal;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the ledger's incidents for what payout-service commits on-chain: a sealed snapshot (SnapshotSealed) and each
 * approved round (RoundApproved). The offset is committed only after {@link Commitments#request} committed the
 * commitment with the event id; an event that cannot be committed (no cutoff, an asset without its CAIP-19 id, a
 * malformed field) throws and goes to the dead-letter topic, nothing written. Other events are skipped.
 */
@ApplicationScoped
public class LedgerIncidentsConsumer implements DeadLetterHandlers {

    private static final Logger LOG = Logger.getLogger(LedgerIncidentsConsumer.class);

    private final EventCodec codec;
    private final Commitments commitments;

    public LedgerIncidentsConsumer(EventCodec codec, Commitments commitments) {
        this.codec = codec;
        this.commitments = commitments;
    }

    @Override
    public Map<String, Consumer<String>> deadLetterHandlers() {
        return Map.of("ledger-incidents", this::consume);
    }

    @Incoming("ledger-incidents")
    @Blocking(ordered = true)
    public void consume(String message) {
        EventEnvelope event = codec.decode(message);
        if (EventTypes.SNAPSHOT_SEALED.equals(event.type())) {
            commitments.request(UUID.fromString(event.id()), event.type(), snapshot(codec.payload(event, SnapshotSealed.class)));
        } else if (EventTypes.ROUND_APPROVED.equals(event.type())) {
            commitments.request(UUID.fromString(event.id()), event.type(), round(codec.payload(event, RoundApproved.class)));
        } else {
            LOG.debugf("event type %s is not for payout-service, skipped", event.type());
        }
    }

    static Commitments.SnapshotRequest snapshot(SnapshotSealed sealed) {
        if (sealed.getCutoffAt() == null) {
            throw new IllegalArgumentException("SnapshotSealed of incident " + sealed.getIncidentId()
                    + " carries no cutoffAt; its snapshot cannot be committed");
        }
        String totalsHash = CommitmentEncoding.totalsHash(sealed.getTotals().stream().map(total -> {
            if (total.getAssetId() == null) {
                throw new IllegalArgumentException("SnapshotSealed of incident " + sealed.getIncidentId() + ": asset "
                        + total.getAsset() + " carries no assetId; its snapshot cannot be committed");
            }
            return new AssetTotal(total.getAssetId(), new BigInteger(total.getTotal()), total.getRows());
        }).toList());
        return new Commitments.SnapshotRequest(sealed.getIncidentId(), sealed.getMerkleRoot(), sealed.getRowCount(),
                totalsHash, sealed.getCutoffAt().toEpochSecond());
    }

    static Commitments.RoundRequest round(RoundApproved approved) {
        String totalsHash = CommitmentEncoding.totalsHash(approved.getTotals().stream()
                .map(total -> new AssetTotal(total.getAssetId(), new BigInteger(total.getTotal()), total.getCount()))
                .toList());
        return new Commitments.RoundRequest(approved.getIncidentId(), approved.getRoundNumber(), approved.getRoundId(),
                approved.getEntitlementRoot(), totalsHash);
    }
}

package dev.restitution.ledger.commitment;

import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.messaging.ProcessedEvents;
import dev.restitution.ledger.commitment.domain.CommitmentKind;
import dev.restitution.ledger.commitment.domain.OnchainCommitment;
import dev.restitution.ledger.commitment.persistence.CommitmentStore;
import dev.restitution.ledger.round.domain.EntitlementTree;
import dev.restitution.ledger.round.domain.Round;
import dev.restitution.ledger.round.persistence.RoundStore;
import dev.restitution.ledger.snapshot.SnapshotReader;
import dev.restitution.ledger.snapshot.domain.SealedSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Records where payout-service committed a root on-chain (CommitmentPublished), once per event and once per
 * snapshot or round, in the transaction that records the event id. The committed root must be the one this
 * ledger keeps: the sealed snapshot's Merkle root, or the round's entitlement root. A different root means the
 * chain holds a root nobody can prove against this ledger, or claimants were shown another one (a split view):
 * that is a broken invariant, logged as an error, nothing is stored and the event is parked. So is a second
 * commitment of the same snapshot or round in another place.
 */
@ApplicationScoped
public class CommitmentRecorder {

    private static final Logger LOG = Logger.getLogger(CommitmentRecorder.class);

    private final ProcessedEvents processedEvents;
    private final CommitmentStore commitments;
    private final SnapshotReader snapshots;
    private final RoundStore rounds;
    private final Clock clock;

    public CommitmentRecorder(ProcessedEvents processedEvents, CommitmentStore commitments, SnapshotReader snapshots,
                              RoundStore rounds, Clock clock) {
        this.processedEvents = processedEvents;
        this.commitments = commitments;
        this.snapshots = snapshots;
        this.rounds = rounds;
        this.clock = clock;
    }

    @Transactional
    public void record(UUID eventId, String eventType, OnchainCommitment published) {
        Instant now = clock.instant();
        if (!processedEvents.firstDelivery(eventId, eventType, now)) {
            LOG.debugf("event %s already processed, ignored", eventId);
            return;
        }
        Optional<UUID> snapshotImport = published.kind() == CommitmentKind.SNAPSHOT
                ? Optional.of(requireSnapshotRoot(eventId, published))
                : Optional.empty();
        if (published.kind() == CommitmentKind.ROUND) {
            requireRoundRoot(eventId, published);
        }
        Optional<OnchainCommitment> existing = commitments.existing(published.commitmentId(), published.kind(),
                snapshotImport, published.roundId());
        if (existing.isPresent()) {
            if (!existing.get().samePlaceAs(published)) {
                throw splitView(eventId, published, "was already recorded as commitment "
                        + OnchainCommitment.hex(existing.get().commitmentId()) + " in " + existing.get().txHash()
                        + " on chain " + existing.get().chainId());
            }
            LOG.infof("commitment %s in %s already recorded; event %s changes nothing",
                    OnchainCommitment.hex(published.commitmentId()), published.txHash(), eventId);
            return;
        }
        commitments.insert(published, snapshotImport, eventId, now);
        LOG.infof("%s root %s of incident %s committed on chain %d in %s (block %d)", published.kind(),
                OnchainCommitment.hex(published.root()), published.incidentId(), published.chainId(), published.txHash(),
                published.blockNumber());
    }

    /** The sealed snapshot's import id, after checking its root is the committed one. */
    private UUID requireSnapshotRoot(UUID eventId, OnchainCommitment published) {
        SealedSnapshot sealed = snapshots.sealedIfAny(new IncidentId(published.incidentId())).orElseThrow(() ->
                splitView(eventId, published, "names incident " + published.incidentId()
                        + ", which has no sealed snapshot here"));
        if (!Arrays.equals(sealed.merkleRoot(), published.root())) {
            throw splitView(eventId, published, "differs from the sealed snapshot's root "
                    + OnchainCommitment.hex(sealed.merkleRoot()));
        }
        return sealed.importId();
    }

    private void requireRoundRoot(UUID eventId, OnchainCommitment published) {
        UUID roundId = published.roundId().orElseThrow();
        Round round = rounds.byId(roundId).orElseThrow(() -> splitView(eventId, published,
                "names round " + roundId + ", which this ledger does not know"));
        if (!round.incidentId().equals(published.incidentId()) || round.number() != published.roundNumber().orElseThrow()) {
            throw splitView(eventId, published, "names round " + roundId + " as number " + published.roundNumber().get()
                    + " of incident " + published.incidentId() + "; it is number " + round.number() + " of incident "
                    + round.incidentId());
        }
        Optional<byte[]> root = round.entitlementTree().map(EntitlementTree::root);
        if (root.isEmpty() || !Arrays.equals(root.get(), published.root())) {
            throw splitView(eventId, published, "differs from round " + roundId + "'s entitlement root "
                    + root.map(OnchainCommitment::hex).orElse("(none: the round has no entitlement tree)"));
        }
    }

    private static IllegalStateException splitView(UUID eventId, OnchainCommitment published, String why) {
        String message = "CommitmentPublished " + eventId + ": the " + published.kind() + " root "
                + OnchainCommitment.hex(published.root()) + " committed on chain " + published.chainId() + " in "
                + published.txHash() + " " + why + "; nothing is stored and the event is parked (split view)";
        LOG.error(message);
        return new IllegalStateException(message);
    }
}

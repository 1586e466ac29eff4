package dev.restitution.ledger.transparency;

import dev.restitution.kit.id.IncidentId;
import dev.restitution.ledger.commitment.domain.OnchainCommitment;
import dev.restitution.ledger.commitment.persistence.CommitmentStore;
import dev.restitution.ledger.incident.IncidentService;
import dev.restitution.ledger.incident.domain.Incident;
import dev.restitution.ledger.reconciliation.ReconciliationService;
import dev.restitution.ledger.round.domain.Round;
import dev.restitution.ledger.round.persistence.RoundStore;
import dev.restitution.ledger.snapshot.SnapshotReader;
import dev.restitution.ledger.snapshot.domain.SealedSnapshot;
import dev.restitution.ledger.transparency.persistence.PublicFiguresStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What an outsider may check about an incident, gathered from the features that own it: totals over many people
 * and facts anyone can read on-chain, never an account, a personal amount or a claimant's address. The resource
 * chooses the fields; this class only reads.
 */
@ApplicationScoped
public class PublicFigures {

    private final IncidentService incidents;
    private final SnapshotReader snapshots;
    private final CommitmentStore commitments;
    private final ReconciliationService reconciliations;
    private final RoundStore rounds;
    private final PublicFiguresStore figures;

    public PublicFigures(IncidentService incidents, SnapshotReader snapshots, CommitmentStore commitments,
                         ReconciliationService reconciliations, RoundStore rounds, PublicFiguresStore figures) {
        this.incidents = incidents;
        this.snapshots = snapshots;
        this.commitments = commitments;
        this.reconciliations = reconciliations;
        this.rounds = rounds;
        this.figures = figures;
    }

    /** An incident's public figures; the reconciliation is the full one, of which the resource shows the verdict. */
    public record IncidentFigures(Incident incident, Optional<SealedSnapshot> snapshot,
                                  Optional<OnchainCommitment> snapshotCommitment,
                                  ReconciliationService.IncidentReconciliation reconciliation,
                                  Map<String, List<String>> counterparties, long approvedRounds) {
    }

    /** An approved round with what it entitled per asset symbol and its on-chain commitment, once published. */
    public record RoundFigures(Round round, Map<String, PublicFiguresStore.RoundTotal> totals,
                               Optional<OnchainCommitment> commitment) {
    }

    public record RoundsPage(Incident incident, List<RoundFigures> items, long total) {
    }

    public IncidentService.Page incidents(int offset, int limit) {
        return incidents.page(offset, limit);
    }

    public IncidentFigures incident(UUID incidentId) {
        IncidentId id = new IncidentId(incidentId);
        Incident incident = incidents.get(id);
        Optional<SealedSnapshot> snapshot = snapshots.sealedIfAny(id);
        return new IncidentFigures(incident, snapshot,
                snapshot.flatMap(sealed -> commitments.ofSnapshot(sealed.importId())),
                reconciliations.reconcile(incidentId), figures.counterparties(incidentId),
                rounds.approvedCount(incidentId));
    }

    public RoundsPage rounds(UUID incidentId, int offset, int limit) {
        Incident incident = incidents.get(new IncidentId(incidentId));
        List<Round> approved = rounds.approvedPage(incidentId, offset, limit);
        List<UUID> ids = approved.stream().map(Round::id).toList();
        Map<UUID, Map<String, PublicFiguresStore.RoundTotal>> totals = figures.roundTotals(ids);
        Map<UUID, OnchainCommitment> committed = commitments.ofRounds(ids);
        return new RoundsPage(incident, approved.stream().map(round -> new RoundFigures(round,
                        totals.getOrDefault(round.id(), Map.of()), Optional.ofNullable(committed.get(round.id()))))
                .toList(), rounds.approvedCount(incidentId));
    }
}

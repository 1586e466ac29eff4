package dev.restitution.ledger.transparency.api;

import dev.restitution.contracts.ledger.api.PublicApi;
import dev.restitution.contracts.ledger.model.AssetTotal;
import dev.restitution.contracts.ledger.model.IncidentState;
import dev.restitution.contracts.ledger.model.PublicAsset;
import dev.restitution.contracts.ledger.model.PublicCoverage;
import dev.restitution.contracts.ledger.model.PublicDifference;
import dev.restitution.contracts.ledger.model.PublicIncident;
import dev.restitution.contracts.ledger.model.PublicIncidentPage;
import dev.restitution.contracts.ledger.model.PublicIncidentSummary;
import dev.restitution.contracts.ledger.model.PublicReconciliation;
import dev.restitution.contracts.ledger.model.PublicRecovery;
import dev.restitution.contracts.ledger.model.PublicRound;
import dev.restitution.contracts.ledger.model.PublicRoundPage;
import dev.restitution.contracts.ledger.model.PublicRoundTotal;
import dev.restitution.contracts.ledger.model.PublicSnapshot;
import dev.restitution.ledger.commitment.api.CommitmentModel;
import dev.restitution.ledger.incident.IncidentService;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.incident.domain.Incident;
import dev.restitution.ledger.reconciliation.domain.AssetReconciliation;
import dev.restitution.ledger.round.domain.EntitlementTree;
import dev.restitution.ledger.security.Roles;
import dev.restitution.ledger.snapshot.domain.SealedSnapshot;
import dev.restitution.ledger.transparency.PublicFigures;
import dev.restitution.ledger.transparency.persistence.PublicFiguresStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Thin adapter between the generated public API and {@link PublicFigures}. Every field it fills is a total over
 * many people or an on-chain fact: it never maps an account id, a claim line, a personal amount or an address
 * of a claimant, and the reconciliation shows its verdict and difference codes, not their details.
 */
public class PublicResource implements PublicApi {

    private final PublicFigures figures;

    public PublicResource(PublicFigures figures) {
        this.figures = figures;
    }

    @Override
    @RolesAllowed(Roles.TRANSPARENCY_READER)
    public Response listPublicIncidents(Integer limit, Integer offset) {
        IncidentService.Page page = figures.incidents(offset, limit);
        return Response.ok(new PublicIncidentPage()
                .items(page.items().stream().map(incident -> new PublicIncidentSummary()
                        .incidentId(incident.id().value())
                        .title(incident.declaration().title())
                        .cutoffAt(utc(incident))
                        .state(IncidentState.valueOf(incident.state().name()))).toList())
                .limit(limit).offset(offset).total(page.total())).build();
    }

    @Override
    @RolesAllowed(Roles.TRANSPARENCY_READER)
    public Response getPublicIncident(UUID incidentId) {
        PublicFigures.IncidentFigures found = figures.incident(incidentId);
        Incident incident = found.incident();
        Map<String, String> assetIds = assetIds(incident);
        return Response.ok(new PublicIncident()
                .incidentId(incident.id().value())
                .title(incident.declaration().title())
                .cutoffAt(utc(incident))
                .state(IncidentState.valueOf(incident.state().name()))
                .assets(incident.assets().stream().map(PublicResource::toModel).toList())
                .snapshot(found.snapshot().map(sealed -> toModel(sealed, assetIds)
                        .commitment(found.snapshotCommitment().map(CommitmentModel::of).orElse(null))).orElse(null))
                .recoveries(found.reconciliation().assets().stream().map(asset -> toModel(asset, assetIds,
                        found.counterparties().getOrDefault(asset.asset(), List.of()))).toList())
                .reconciliation(new PublicReconciliation()
                        .consistent(found.reconciliation().consistent())
                        .generatedAt(found.reconciliation().generatedAt().atOffset(ZoneOffset.UTC))
                        .differences(found.reconciliation().assets().stream().flatMap(asset -> asset.differences()
                                .stream().map(difference -> new PublicDifference().asset(asset.asset())
                                        .code(difference.code().name()))).toList()))
                .approvedRounds(found.approvedRounds())).build();
    }

    @Override
    @RolesAllowed(Roles.TRANSPARENCY_READER)
    public Response listPublicRounds(UUID incidentId, Integer limit, Integer offset) {
        PublicFigures.RoundsPage page = figures.rounds(incidentId, offset, limit);
        Map<String, String> assetIds = assetIds(page.incident());
        return Response.ok(new PublicRoundPage()
                .items(page.items().stream().map(round -> toModel(round, assetIds)).toList())
                .limit(limit).offset(offset).total(page.total())).build();
    }

    private static PublicRound toModel(PublicFigures.RoundFigures figures, Map<String, String> assetIds) {
        var round = figures.round();
        return new PublicRound()
                .roundId(round.id())
                .number(round.number())
                .approvedAt(round.decidedAt().orElseThrow(() -> new IllegalStateException(
                        "approved round " + round.id() + " has no decision time")).atOffset(ZoneOffset.UTC))
                .entitlementRoot(round.entitlementTree().map(EntitlementTree::rootHex).orElse(null))
                .coverage(round.assets().stream().map(plan -> new PublicCoverage().asset(plan.asset())
                        .assetId(assetIds.get(plan.asset())).coverage(plan.coverage().toDecimalString())).toList())
                .totals(figures.totals().entrySet().stream().map(total -> toModel(total.getKey(), total.getValue(),
                        assetIds)).toList())
                .commitment(figures.commitment().map(CommitmentModel::of).orElse(null));
    }

    private static PublicRoundTotal toModel(String asset, PublicFiguresStore.RoundTotal total, Map<String, String> assetIds) {
        return new PublicRoundTotal().asset(asset).assetId(assetIds.get(asset)).total(total.total().toString())
                .count(total.count());
    }

    private static PublicAsset toModel(AssetSpec asset) {
        return new PublicAsset()
                .symbol(asset.symbol())
                .assetId(asset.assetId().toString())
                .chainId(asset.chainId())
                .token(asset.tokenContract().orElse(null))
                .decimals(asset.decimals())
                .isNative(asset.isNative());
    }

    private static PublicSnapshot toModel(SealedSnapshot sealed, Map<String, String> assetIds) {
        return new PublicSnapshot()
                .root(CommitmentModel.hex(sealed.merkleRoot()))
                .rowCount(sealed.rowCount())
                .totals(sealed.totals().stream().map(total -> new AssetTotal().asset(total.asset())
                        .assetId(assetIds.get(total.asset())).total(total.total().toString()).rows(total.rows())).toList())
                .sealedAt(sealed.sealedAt().atOffset(ZoneOffset.UTC));
    }

    private static PublicRecovery toModel(AssetReconciliation asset, Map<String, String> assetIds,
                                          List<String> counterparties) {
        return new PublicRecovery()
                .asset(asset.asset())
                .assetId(assetIds.get(asset.asset()))
                .frozenPending(asset.frozenPending().toString())
                .released(asset.released().toString())
                .recovered(asset.recovered().toString())
                .treasury(asset.treasury().toString())
                .insurance(asset.insurance().toString())
                .counterparties(counterparties);
    }

    private static Map<String, String> assetIds(Incident incident) {
        return incident.assets().stream().collect(java.util.stream.Collectors.toMap(AssetSpec::symbol,
                asset -> asset.assetId().toString()));
    }

    private static OffsetDateTime utc(Incident incident) {
        return incident.declaration().cutoffAt().atOffset(ZoneOffset.UTC);
    }
}

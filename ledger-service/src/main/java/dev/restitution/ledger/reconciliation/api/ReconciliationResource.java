package dev.restitution.ledger.reconciliation.api;

import dev.restitution.contracts.ledger.api.ReconciliationApi;
import dev.restitution.contracts.ledger.model.Reconciliation;
import dev.restitution.contracts.ledger.model.ReconciliationDifference;
import dev.restitution.contracts.ledger.model.RecoveryItem;
import dev.restitution.ledger.incident.IncidentService;
import dev.restitution.ledger.reconciliation.ReconciliationService;
import dev.restitution.ledger.reconciliation.domain.AssetReconciliation;
import dev.restitution.ledger.reconciliation.domain.ReconciliationCsv;
import dev.restitution.ledger.security.Roles;
import dev.restitution.ledger.verification.api.VerificationModels;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/** Thin adapter between the generated reconciliation API and {@link ReconciliationService}; JSON or CSV by Accept. */
public class ReconciliationResource implements ReconciliationApi {

    static final MediaType CSV = MediaType.valueOf("text/csv");

    private final ReconciliationService reconciliations;
    private final IncidentService incidents;

    @Context
    HttpHeaders headers;

    public ReconciliationResource(ReconciliationService reconciliations, IncidentService incidents) {
        this.reconciliations = reconciliations;
        this.incidents = incidents;
    }

    @Override
    @RolesAllowed({Roles.FINANCE_OPERATOR, Roles.FINANCE_APPROVER, Roles.AUDITOR})
    public Response reconcile(UUID incidentId) {
        ReconciliationService.IncidentReconciliation reconciliation = reconciliations.reconcile(incidentId);
        if (prefersCsv()) {
            return Response.ok(ReconciliationCsv.write(reconciliation.assets()), CSV)
                    .header(HttpHeaders.CONTENT_DISPOSITION,
                            "attachment; filename=\"reconciliation-" + incidentId + ".csv\"")
                    .build();
        }
        Map<String, String> assetIds = incidents.assetIds(incidentId);
        return Response.ok(new Reconciliation()
                .incidentId(incidentId)
                .generatedAt(reconciliation.generatedAt().atOffset(ZoneOffset.UTC))
                .consistent(reconciliation.consistent())
                .assets(reconciliation.assets().stream()
                        .map(asset -> toModel(asset, assetIds.get(asset.asset()))).toList()),
                MediaType.APPLICATION_JSON_TYPE).build();
    }

    // CSV only when the caller names it before (or instead of) JSON; JSON otherwise.
    private boolean prefersCsv() {
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.isCompatible(CSV) && !accepted.isWildcardType()) {
                return true;
            }
            if (accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
        }
        return false;
    }

    private static dev.restitution.contracts.ledger.model.AssetReconciliation toModel(AssetReconciliation asset,
                                                                                       String assetId) {
        return new dev.restitution.contracts.ledger.model.AssetReconciliation()
                .assetSymbol(asset.asset())
                .assetId(assetId)
                .decimals(asset.decimals())
                .snapshotTotal(asset.snapshotTotal().map(BigInteger::toString).orElse(null))
                .approved(asset.approved().toString())
                .available(asset.available().toString())
                .frozenPending(asset.frozenPending().toString())
                .entitled(asset.entitled().toString())
                .paid(asset.paid().toString())
                .outstanding(asset.outstanding().toString())
                .coverage(asset.coverage().toDecimalString())
                .recovered(asset.recovered().toString())
                .released(asset.released().toString())
                .treasury(asset.treasury().toString())
                .insurance(asset.insurance().toString())
                .dust(asset.dust().toString())
                .debits(asset.debits().toString())
                .credits(asset.credits().toString())
                .differences(asset.differences().stream().map(difference -> new ReconciliationDifference()
                        .code(ReconciliationDifference.CodeEnum.valueOf(difference.code().name()))
                        .detail(difference.detail())).toList())
                .tokenVerification(asset.tokenVerification().map(VerificationModels::toModel).orElse(null))
                .recoveries(asset.recoveries().stream().map(recovery -> new RecoveryItem()
                        .transferId(recovery.transferId())
                        .txHash(recovery.txHash())
                        .amount(recovery.amount().toString())
                        .corrected(recovery.corrected().toString())
                        .chainId(recovery.chainId())
                        .verification(VerificationModels.toModel(recovery.verification()))).toList());
    }
}

package dev.restitution.portal.web;

import io.quarkus.qute.TemplateData;

/** The generated API models the templates read: Qute generates their value resolvers (no reflection). */
@TemplateData(target = dev.restitution.contracts.claims.model.Claim.class)
@TemplateData(target = dev.restitution.contracts.claims.model.ClaimLine.class)
@TemplateData(target = dev.restitution.contracts.claims.model.ClaimLine.StatusEnum.class)
@TemplateData(target = dev.restitution.contracts.claims.model.Claim.StatusEnum.class)
@TemplateData(target = dev.restitution.contracts.claims.model.LinePayment.class)
@TemplateData(target = dev.restitution.contracts.claims.model.PayoutAddress.class)
@TemplateData(target = dev.restitution.contracts.claims.model.ClaimableIncident.class)
@TemplateData(target = dev.restitution.contracts.claims.model.ClaimableAsset.class)
@TemplateData(target = dev.restitution.contracts.claims.model.AuditEntry.class)
@TemplateData(target = dev.restitution.contracts.ledger.model.Incident.class)
@TemplateData(target = dev.restitution.contracts.ledger.model.Asset.class)
@TemplateData(target = dev.restitution.contracts.ledger.model.AccountSnapshot.class)
@TemplateData(target = dev.restitution.contracts.ledger.model.SnapshotEntry.class)
@TemplateData(target = dev.restitution.contracts.ledger.model.AccountBalance.class)
@TemplateData(target = dev.restitution.contracts.ledger.model.Transfer.class)
@TemplateData(target = dev.restitution.contracts.ledger.model.Reconciliation.class)
@TemplateData(target = dev.restitution.contracts.ledger.model.AssetReconciliation.class)
@TemplateData(target = dev.restitution.contracts.ledger.model.ReconciliationDifference.class)
@TemplateData(target = dev.restitution.contracts.ledger.model.Round.class)
@TemplateData(target = dev.restitution.contracts.ledger.model.RoundState.class)
@TemplateData(target = dev.restitution.contracts.ledger.model.IncidentState.class)
@TemplateData(target = dev.restitution.contracts.ledger.model.AccountType.class)
@TemplateData(target = dev.restitution.contracts.ledger.model.TransferReason.class)
@TemplateData(target = dev.restitution.contracts.ledger.model.TransferPage.class)
@TemplateData(target = dev.restitution.contracts.payout.model.BatchState.class)
@TemplateData(target = dev.restitution.contracts.ledger.model.RoundAsset.class)
@TemplateData(target = dev.restitution.contracts.ledger.model.AuditEntry.class)
@TemplateData(target = dev.restitution.contracts.ledger.model.AuditVerification.class)
@TemplateData(target = dev.restitution.contracts.payout.model.Batch.class)
@TemplateData(target = dev.restitution.contracts.payout.model.BatchPage.class)
@TemplateData(target = ServiceProblem.class)
public final class TemplateModels {

    private TemplateModels() {
    }
}

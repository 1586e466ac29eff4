package dev.restitution.portal.support;

import io.quarkus.qute.TemplateData;

/** The review models the support templates read: Qute generates their value resolvers (no reflection). */
@TemplateData(target = dev.restitution.contracts.claims.model.ReviewQueuePage.class)
@TemplateData(target = dev.restitution.contracts.claims.model.ReviewQueueItem.class)
@TemplateData(target = dev.restitution.contracts.claims.model.ReviewQueueItem.StatusEnum.class)
@TemplateData(target = dev.restitution.contracts.claims.model.DisputedLineSummary.class)
@TemplateData(target = dev.restitution.contracts.claims.model.Comment.class)
@TemplateData(target = dev.restitution.contracts.claims.model.Proposal.class)
@TemplateData(target = dev.restitution.contracts.claims.model.Proposal.DecisionEnum.class)
@TemplateData(target = dev.restitution.contracts.claims.model.ProposedLineAmount.class)
@TemplateData(target = dev.restitution.contracts.claims.model.ClaimAuditTrail.class)
public final class SupportTemplateModels {

    private SupportTemplateModels() {
    }
}

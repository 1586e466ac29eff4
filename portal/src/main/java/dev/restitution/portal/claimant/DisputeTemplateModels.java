package dev.restitution.portal.claimant;

import io.quarkus.qute.TemplateData;

/** The dispute models the claimant's templates read: Qute generates their value resolvers (no reflection). */
@TemplateData(target = dev.restitution.contracts.claims.model.Evidence.class)
@TemplateData(target = dev.restitution.contracts.claims.model.Evidence.ContentTypeEnum.class)
@TemplateData(target = dev.restitution.contracts.claims.model.Question.class)
public final class DisputeTemplateModels {

    private DisputeTemplateModels() {
    }
}

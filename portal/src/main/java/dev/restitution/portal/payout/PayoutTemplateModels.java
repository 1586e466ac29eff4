package dev.restitution.portal.payout;

import io.quarkus.qute.TemplateData;

/** payout-service's models the batch pages render (type-checked by Qute at build time). */
@TemplateData(target = dev.restitution.contracts.payout.model.BatchDetail.class)
@TemplateData(target = dev.restitution.contracts.payout.model.BatchItem.class)
@TemplateData(target = dev.restitution.contracts.payout.model.BatchApproval.class)
@TemplateData(target = dev.restitution.contracts.payout.model.PaymentMethod.class)
@TemplateData(target = dev.restitution.contracts.payout.model.InstructionState.class)
@TemplateData(target = dev.restitution.contracts.payout.model.Instruction.class)
final class PayoutTemplateModels {

    private PayoutTemplateModels() {
    }
}

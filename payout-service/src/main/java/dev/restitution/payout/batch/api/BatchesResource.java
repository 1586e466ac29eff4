package dev.restitution.payout.batch.api;

import dev.restitution.contracts.payout.api.BatchesApi;
import dev.restitution.contracts.payout.model.ApproveBatchRequest;
import dev.restitution.contracts.payout.model.BatchApproval;
import dev.restitution.contracts.payout.model.BatchDetail;
import dev.restitution.contracts.payout.model.BatchPage;
import dev.restitution.contracts.payout.model.BatchState;
import dev.restitution.contracts.payout.model.CancelBatchRequest;
import dev.restitution.contracts.payout.model.InstructionState;
import dev.restitution.contracts.payout.model.PaymentMethod;
import dev.restitution.contracts.payout.model.ProposeBatchRequest;
import dev.restitution.kit.audit.Callers;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.payout.audit.api.ActorModel;
import dev.restitution.payout.batch.BatchService;
import dev.restitution.payout.batch.domain.Batch;
import dev.restitution.payout.batch.domain.BatchItem;
import dev.restitution.payout.id.BatchId;
import dev.restitution.payout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Thin adapter between the generated batches API and {@link BatchService}. */
public class BatchesResource implements BatchesApi {

    /** Items shown with a batch that was just proposed, approved or cancelled (GET pages through the rest). */
    static final int ITEMS_SHOWN = 50;

    private final BatchService batches;
    private final JsonWebToken token;

    public BatchesResource(BatchService batches, JsonWebToken token) {
        this.batches = batches;
        this.token = token;
    }

    @Override
    @RolesAllowed({Roles.FINANCE_OPERATOR, Roles.FINANCE_APPROVER, Roles.AUDITOR})
    public Response listBatches(UUID incidentId, Integer limit, Integer offset) {
        BatchService.Page page = batches.page(Optional.ofNullable(incidentId).map(IncidentId::new), offset, limit);
        return Response.ok(new BatchPage()
                .items(page.items().stream().map(BatchesResource::toModel).toList())
                .limit(limit).offset(offset).total(page.total())).build();
    }

    @Override
    @RolesAllowed(Roles.FINANCE_OPERATOR)
    public Response proposeBatch(String idempotencyKey, ProposeBatchRequest request) {
        BatchService.Proposal proposal = batches.propose(new IncidentId(request.getIncidentId()), request.getChainId(),
                request.getAssetSymbol(), idempotencyKey, Callers.of(token));
        return Response.status(proposal.created() ? 201 : 200)
                .entity(detail(batches.view(proposal.batch(), 0, ITEMS_SHOWN), 0, ITEMS_SHOWN)).build();
    }

    @Override
    @RolesAllowed({Roles.FINANCE_OPERATOR, Roles.FINANCE_APPROVER, Roles.AUDITOR})
    public Response getBatch(UUID batchId, Integer limit, Integer offset) {
        return Response.ok(detail(batches.view(new BatchId(batchId), offset, limit), offset, limit)).build();
    }

    @Override
    @RolesAllowed(Roles.FINANCE_APPROVER)
    public Response approveBatch(UUID batchId, ApproveBatchRequest request) {
        Batch batch = batches.approve(new BatchId(batchId), request.getItemsHash(), Callers.of(token));
        return Response.ok(detail(batches.view(batch, 0, ITEMS_SHOWN), 0, ITEMS_SHOWN)).build();
    }

    @Override
    @RolesAllowed(Roles.FINANCE_OPERATOR)
    public Response cancelBatch(UUID batchId, CancelBatchRequest request) {
        Batch batch = batches.cancel(new BatchId(batchId), request.getReason(), Callers.of(token));
        return Response.ok(detail(batches.view(batch, 0, ITEMS_SHOWN), 0, ITEMS_SHOWN)).build();
    }

    private static BatchDetail detail(BatchService.View view, int offset, int limit) {
        return new BatchDetail().batch(toModel(view.batch()))
                .items(view.items().stream().map(item -> toModel(item, view)).toList())
                .limit(limit).offset(offset);
    }

    private static dev.restitution.contracts.payout.model.BatchItem toModel(BatchItem item, BatchService.View view) {
        return new dev.restitution.contracts.payout.model.BatchItem()
                .position(item.position())
                .instructionId(item.instructionId().value())
                .entitlementId(item.entitlementId().value())
                .recipient(item.recipient())
                .amountMinorUnits(item.amount().toString())
                .method(PaymentMethod.valueOf(item.method().name()))
                .recipientFresh(item.recipientFresh())
                .estimatedGas(item.estimatedGas())
                .orderId(item.orderId().orElse(null))
                .instructionState(InstructionState.valueOf(view.instructionStates().get(item.instructionId()).name()));
    }

    private static dev.restitution.contracts.payout.model.Batch toModel(Batch batch) {
        return new dev.restitution.contracts.payout.model.Batch()
                .id(batch.id().value())
                .incidentId(batch.incidentId().value())
                .chainId(batch.chainId())
                .assetSymbol(batch.assetSymbol())
                .tokenContract(batch.tokenContract().orElse(null))
                .state(BatchState.valueOf(batch.state().name()))
                .itemCount(batch.itemCount())
                .recipientCount(batch.recipientCount())
                .totalMinorUnits(batch.totalMinorUnits().toString())
                .itemsHash(batch.itemsHash())
                .requiredApprovals(batch.requiredApprovals())
                .approvals(batch.approvals().stream().map(approval -> new BatchApproval()
                        .approvedBy(ActorModel.of(approval.approvedBy())).itemsHash(approval.itemsHash())
                        .approvedAt(approval.approvedAt().atOffset(ZoneOffset.UTC))).toList())
                .contractItemCount(batch.contractItemCount())
                .plainTransferCount(batch.plainTransferCount())
                .estimatedGas(batch.estimatedGas())
                .proposedBy(ActorModel.of(batch.proposedBy()))
                .proposedAt(batch.proposedAt().atOffset(ZoneOffset.UTC))
                .decidedAt(batch.decidedAt().map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null));
    }
}

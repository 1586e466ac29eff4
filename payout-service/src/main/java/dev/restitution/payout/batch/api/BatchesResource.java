package dev.restitution.payout.batch.api;

import dev.restitution.contracts.payout.api.BatchesApi;
import dev.restitution.contracts.payout.model.BatchPage;
import dev.restitution.contracts.payout.model.BatchState;
import dev.restitution.payout.batch.BatchService;
import dev.restitution.payout.batch.domain.Batch;
import dev.restitution.payout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.time.ZoneOffset;

/** Thin adapter between the generated batches API and {@link BatchService}. */
public class BatchesResource implements BatchesApi {

    private final BatchService batches;

    public BatchesResource(BatchService batches) {
        this.batches = batches;
    }

    @Override
    @RolesAllowed({Roles.FINANCE_OPERATOR, Roles.FINANCE_APPROVER, Roles.AUDITOR})
    public Response listBatches(Integer limit, Integer offset) {
        BatchService.Page page = batches.page(offset, limit);
        return Response.ok(new BatchPage()
                .items(page.items().stream().map(BatchesResource::toModel).toList())
                .limit(limit).offset(offset).total(page.total())).build();
    }

    private static dev.restitution.contracts.payout.model.Batch toModel(Batch batch) {
        return new dev.restitution.contracts.payout.model.Batch()
                .id(batch.id())
                .incidentId(batch.incidentId())
                .chainId(batch.chainId())
                .assetSymbol(batch.assetSymbol())
                .state(BatchState.valueOf(batch.state().name()))
                .itemCount(batch.itemCount())
                .totalMinorUnits(batch.totalMinorUnits().toString())
                .itemsHash(batch.itemsHash())
                .proposedBy(batch.proposedBy())
                .proposedAt(batch.proposedAt().atOffset(ZoneOffset.UTC));
    }
}

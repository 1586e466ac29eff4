package dev.restitution.payout.reconciliation.api;

import dev.restitution.contracts.payout.api.ReconciliationApi;
import dev.restitution.contracts.payout.model.HaltedSender;
import dev.restitution.contracts.payout.model.HeldOrder;
import dev.restitution.contracts.payout.model.PayoutReconciliation;
import dev.restitution.contracts.payout.model.ReconciliationAssetTotal;
import dev.restitution.contracts.payout.model.ReconciliationDifference;
import dev.restitution.contracts.payout.model.ReconciliationDifferenceKind;
import dev.restitution.payout.reconciliation.ReconciliationService;
import dev.restitution.payout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** Thin adapter between the generated reconciliation API and {@link ReconciliationService}: reads, never writes. */
public class ReconciliationResource implements ReconciliationApi {

    private final ReconciliationService reconciliation;

    public ReconciliationResource(ReconciliationService reconciliation) {
        this.reconciliation = reconciliation;
    }

    @Override
    @RolesAllowed({Roles.FINANCE_OPERATOR, Roles.FINANCE_APPROVER, Roles.AUDITOR})
    public Response reconcilePayouts(UUID incidentId, UUID batchId) {
        ReconciliationService.Result result = reconciliation.reconcile(Optional.ofNullable(incidentId),
                Optional.ofNullable(batchId));
        return Response.ok(new PayoutReconciliation()
                .incidentId(result.incidentId().orElse(null))
                .batchId(result.batchId().orElse(null))
                .consistent(result.differences().isEmpty())
                .checkedAt(utc(result.checkedAt()))
                .ordersChecked(result.ordersChecked())
                .eventsChecked(result.eventsChecked())
                .itemsChecked(result.instructionsChecked())
                .totals(result.totals().stream().map(total -> new ReconciliationAssetTotal()
                        .asset(total.asset())
                        .databaseMinorUnits(total.databaseMinorUnits().toString())
                        .chainMinorUnits(total.chainMinorUnits().toString())).toList())
                .differences(result.differences().stream().map(difference -> new ReconciliationDifference()
                        .kind(ReconciliationDifferenceKind.valueOf(difference.kind().name()))
                        .orderId(difference.orderId().orElse(null))
                        .instructionId(difference.instructionId().orElse(null))
                        .txHash(difference.txHash().orElse(null))
                        .detail(difference.detail())).toList())
                .haltedSenders(result.haltedSenders().stream().map(halt -> new HaltedSender()
                        .chainId(halt.chainId())
                        .sender(halt.sender())
                        .databaseNextNonce(halt.databaseNextNonce().toString())
                        .chainNonce(halt.chainNonce().toString())
                        .reason(halt.reason())
                        .detectedAt(utc(halt.detectedAt()))).toList())
                .heldOrders(result.heldOrders().stream().map(held -> new HeldOrder()
                        .orderId(held.orderId())
                        .batchId(held.batchId())
                        .reason(held.reason())
                        .heldAt(utc(held.heldAt()))).toList()))
                .build();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

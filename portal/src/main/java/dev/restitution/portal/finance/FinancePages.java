package dev.restitution.portal.finance;

import dev.restitution.contracts.ledger.client.IncidentsApi;
import dev.restitution.contracts.ledger.client.ReconciliationApi;
import dev.restitution.contracts.ledger.client.RecoveryApi;
import dev.restitution.contracts.ledger.client.RoundsApi;
import dev.restitution.contracts.ledger.client.SnapshotApi;
import dev.restitution.contracts.ledger.model.Incident;
import dev.restitution.contracts.ledger.model.Reconciliation;
import dev.restitution.contracts.ledger.model.RecoveryKind;
import dev.restitution.contracts.ledger.model.RecoveryRequest;
import dev.restitution.contracts.ledger.model.Round;
import dev.restitution.contracts.ledger.model.RoundDecision;
import dev.restitution.contracts.ledger.model.RoundProposal;
import dev.restitution.contracts.ledger.model.Snapshot;
import dev.restitution.portal.web.FormProblem;
import dev.restitution.portal.web.FormRejected;
import dev.restitution.portal.web.PortalUser;
import dev.restitution.portal.web.ServiceCalls;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Finance pages: recoveries and freezes per asset with the coverage chart, the reconciliation report with
 * its differences, and distribution rounds to propose and approve. ledger-service checks roles and the
 * four-eyes rule; the approval page shows exactly what would be approved and says up front when the
 * signed-in person proposed it.
 */
@Path("/")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class FinancePages {

    static final int PAGE_SIZE = 50;

    private final PortalUser user;
    private final IncidentsApi incidents;
    private final RecoveryApi recoveries;
    private final ReconciliationApi reconciliations;
    private final RoundsApi rounds;
    private final SnapshotApi snapshots;
    private final Template recoveriesPage;
    private final Template reconciliationPage;
    private final Template roundsPage;
    private final Template roundPage;

    public FinancePages(PortalUser user, @RestClient IncidentsApi incidents, @RestClient RecoveryApi recoveries,
            @RestClient ReconciliationApi reconciliations, @RestClient RoundsApi rounds, @RestClient SnapshotApi snapshots,
            @Location("finance/recoveries.html") Template recoveriesPage,
            @Location("finance/reconciliation.html") Template reconciliationPage,
            @Location("finance/rounds.html") Template roundsPage, @Location("finance/round.html") Template roundPage) {
        this.user = user;
        this.incidents = incidents;
        this.recoveries = recoveries;
        this.reconciliations = reconciliations;
        this.rounds = rounds;
        this.snapshots = snapshots;
        this.recoveriesPage = recoveriesPage;
        this.reconciliationPage = reconciliationPage;
        this.roundsPage = roundsPage;
        this.roundPage = roundPage;
    }

    @GET
    @Path("incidents/{incidentId}/recoveries")
    public TemplateInstance recoveries(@PathParam("incidentId") UUID incidentId) {
        Incident incident = ServiceCalls.ledger(() -> incidents.getIncident(incidentId));
        Reconciliation reconciliation = ServiceCalls.ledger(() -> reconciliations.reconcile(incidentId));
        return recoveriesPage.data("incident", incident).data("reconciliation", reconciliation)
                .data("coverage", reconciliation.getAssets().stream().map(Coverage::of).toList())
                .data("transfers", ServiceCalls.ledger(() -> recoveries.listTransfers(incidentId, null, PAGE_SIZE, 0)))
                .data("kinds", Arrays.stream(RecoveryKind.values()).map(RecoveryKind::toString).toList())
                // A fresh key per rendered form: submitting the same form twice books one transfer.
                .data("idempotencyKey", "portal-recovery-" + UUID.randomUUID());
    }

    @POST
    @Path("incidents/{incidentId}/recoveries")
    public Response recordRecovery(@PathParam("incidentId") UUID incidentId, @RestForm String idempotencyKey,
            @RestForm String assetSymbol, @RestForm String kind, @RestForm String amount, @RestForm String counterparty,
            @RestForm String txHash, @RestForm String reason) {
        RecoveryKind recoveryKind = Arrays.stream(RecoveryKind.values()).filter(known -> known.toString().equals(kind))
                .findFirst().orElseThrow(() -> new FormRejected(FormProblem.RECOVERY_KIND_UNKNOWN));
        RecoveryRequest request = new RecoveryRequest().assetSymbol(assetSymbol).kind(recoveryKind)
                .amount(blankToNull(amount)).counterparty(blankToNull(counterparty)).txHash(blankToNull(txHash))
                .reason(blankToNull(reason));
        ServiceCalls.ledger(() -> recoveries.recordRecovery(incidentId, idempotencyKey, request));
        return seeOther("/incidents/" + incidentId + "/recoveries");
    }

    @GET
    @Path("incidents/{incidentId}/reconciliation")
    public TemplateInstance reconciliation(@PathParam("incidentId") UUID incidentId) {
        Incident incident = ServiceCalls.ledger(() -> incidents.getIncident(incidentId));
        return reconciliationPage.data("incident", incident)
                .data("reconciliation", ServiceCalls.ledger(() -> reconciliations.reconcile(incidentId)));
    }

    @GET
    @Path("incidents/{incidentId}/rounds")
    public TemplateInstance rounds(@PathParam("incidentId") UUID incidentId) {
        Incident incident = ServiceCalls.ledger(() -> incidents.getIncident(incidentId));
        List<Round> items = ServiceCalls.ledger(() -> rounds.listRounds(incidentId, PAGE_SIZE, 0)).getItems();
        return roundsPage.data("incident", incident).data("rounds", items)
                .data("snapshot", sealedSnapshot(incidentId).orElse(null))
                .data("idempotencyKey", "portal-round-" + UUID.randomUUID());
    }

    @POST
    @Path("incidents/{incidentId}/rounds")
    public Response propose(@PathParam("incidentId") UUID incidentId, @RestForm String idempotencyKey, @RestForm String note) {
        Round round = ServiceCalls.ledger(() -> rounds.proposeRound(incidentId, idempotencyKey,
                new RoundProposal().note(blankToNull(note))));
        return seeOther("/rounds/" + round.getId());
    }

    /** The approval screen: per asset what the round pays, its plan digest, who proposed it. */
    @GET
    @Path("rounds/{roundId}")
    public TemplateInstance round(@PathParam("roundId") UUID roundId) {
        Round round = ServiceCalls.ledger(() -> rounds.getRound(roundId));
        Incident incident = ServiceCalls.ledger(() -> incidents.getIncident(round.getIncidentId()));
        boolean ownProposal = user.is(round.getProposedBy().getSubjectId(), round.getProposedBy().getUsername());
        return roundPage.data("round", round).data("incident", incident).data("ownProposal", ownProposal)
                .data("decimals", incident.getAssets().stream()
                        .collect(java.util.stream.Collectors.toMap(asset -> asset.getSymbol(), asset -> asset.getDecimals())));
    }

    @POST
    @Path("rounds/{roundId}/approval")
    public Response approve(@PathParam("roundId") UUID roundId, @RestForm String reason) {
        ServiceCalls.ledger(() -> rounds.approveRound(roundId, new RoundDecision().reason(reason)));
        return seeOther("/rounds/" + roundId);
    }

    @POST
    @Path("rounds/{roundId}/rejection")
    public Response reject(@PathParam("roundId") UUID roundId, @RestForm String reason) {
        ServiceCalls.ledger(() -> rounds.rejectRound(roundId, new RoundDecision().reason(reason)));
        return seeOther("/rounds/" + roundId);
    }

    /** The sealed snapshot with its on-chain commitment; empty while none is sealed (the ledger answers 404). */
    private Optional<Snapshot> sealedSnapshot(UUID incidentId) {
        return ServiceCalls.unlessNotFound(() -> ServiceCalls.ledger(() -> snapshots.getSnapshot(incidentId)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Response seeOther(String location) {
        return Response.seeOther(URI.create(location)).build();
    }
}

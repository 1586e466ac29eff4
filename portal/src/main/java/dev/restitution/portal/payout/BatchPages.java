package dev.restitution.portal.payout;

import dev.restitution.contracts.ledger.client.IncidentsApi;
import dev.restitution.contracts.ledger.model.Asset;
import dev.restitution.contracts.ledger.model.Incident;
import dev.restitution.contracts.payout.client.BatchesApi;
import dev.restitution.contracts.payout.client.InstructionsApi;
import dev.restitution.contracts.payout.client.LimitsApi;
import dev.restitution.contracts.payout.model.ApproveBatchRequest;
import dev.restitution.contracts.payout.model.Batch;
import dev.restitution.contracts.payout.model.BatchDetail;
import dev.restitution.contracts.payout.model.BatchPage;
import dev.restitution.contracts.payout.model.CancelBatchRequest;
import dev.restitution.contracts.payout.model.Instruction;
import dev.restitution.contracts.payout.model.InstructionState;
import dev.restitution.contracts.payout.model.ProposeBatchRequest;
import dev.restitution.portal.web.Amounts;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Payout batches: the list, proposing one per incident and asset (finance-operator), and the approval
 * screen, which shows exactly what an approval covers (chain, asset, item count, total, items hash, methods,
 * recipients) and posts exactly the hash shown. payout-service checks roles, the hash and the four-eyes rule;
 * the page says up front when the signed-in person proposed the batch. Once approved the page follows its
 * execution to the transactions that paid it.
 */
@Path("/")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class BatchPages {

    static final int PAGE_SIZE = 50;
    /** payout-service's largest page, and its largest batch (restitution.batches.max-items): one read covers a batch. */
    static final int INSTRUCTIONS_PAGE = 200;
    private static final Pattern ITEMS_HASH = Pattern.compile("^0x[0-9a-f]{64}$");

    private final PortalUser user;
    private final BatchesApi batches;
    private final InstructionsApi instructions;
    private final IncidentsApi incidents;
    private final Template batchesPage;
    private final Template incidentBatchesPage;
    private final Template batchPage;
    private final LimitsApi limits;

    public BatchPages(PortalUser user, @RestClient BatchesApi batches, @RestClient InstructionsApi instructions,
            @RestClient IncidentsApi incidents, @Location("payout/batches.html") Template batchesPage,
            @Location("payout/incident-batches.html") Template incidentBatchesPage,
            @Location("payout/batch.html") Template batchPage, @RestClient LimitsApi limits) {
        this.user = user;
        this.limits = limits;
        this.batches = batches;
        this.instructions = instructions;
        this.incidents = incidents;
        this.batchesPage = batchesPage;
        this.incidentBatchesPage = incidentBatchesPage;
        this.batchPage = batchPage;
    }

    @GET
    @Path("batches")
    public TemplateInstance list(@RestQuery Integer offset) {
        int start = offset == null || offset < 0 ? 0 : offset;
        BatchPage page = ServiceCalls.payout(() -> batches.listBatches(null, PAGE_SIZE, start));
        long next = start + page.getItems().size();
        Map<UUID, Incident> listedIncidents = new LinkedHashMap<>();
        page.getItems().forEach(batch -> listedIncidents.computeIfAbsent(batch.getIncidentId(),
                incidentId -> ServiceCalls.ledger(() -> incidents.getIncident(incidentId))));
        return batchesPage.data("page", page).data("offset", start).data("totals", totals(page.getItems(), listedIncidents))
                .data("nextOffset", page.getTotal() != null && page.getTotal() > next ? Long.valueOf(next) : null);
    }

    /**
     * Per asset of the incident, how many instructions wait for a batch, and the form to propose one; then the
     * incident's batches, newest first, each linked to its approval screen.
     */
    @GET
    @Path("incidents/{incidentId}/batches")
    public TemplateInstance incidentBatches(@PathParam("incidentId") UUID incidentId, @RestQuery Integer offset) {
        int start = offset == null || offset < 0 ? 0 : offset;
        Incident incident = ServiceCalls.ledger(() -> incidents.getIncident(incidentId));
        List<PendingAsset> pending = incident.getAssets().stream()
                .map(asset -> new PendingAsset(asset.getSymbol(), asset.getChainId(), ServiceCalls.payout(() -> instructions
                        .listInstructions(incidentId, asset.getChainId(), asset.getSymbol(), InstructionState.PENDING, null, 1, 0))
                        .getTotal()))
                .toList();
        BatchPage page = ServiceCalls.payout(() -> batches.listBatches(incidentId, PAGE_SIZE, start));
        long next = start + page.getItems().size();
        return incidentBatchesPage.data("incident", incident).data("pending", pending)
                .data("page", page).data("offset", start).data("totals", totals(page.getItems(), Map.of(incidentId, incident)))
                .data("nextOffset", page.getTotal() != null && page.getTotal() > next ? Long.valueOf(next) : null)
                // A fresh key per rendered form: submitting the same form twice proposes one batch.
                .data("idempotencyKey", "portal-batch-" + UUID.randomUUID());
    }

    @POST
    @Path("incidents/{incidentId}/batches")
    public Response propose(@PathParam("incidentId") UUID incidentId, @RestForm String idempotencyKey, @RestForm String asset) {
        Incident incident = ServiceCalls.ledger(() -> incidents.getIncident(incidentId));
        Asset chosen = incident.getAssets().stream().filter(known -> (known.getChainId() + ":" + known.getSymbol()).equals(asset))
                .findFirst().orElseThrow(() -> new FormRejected(FormProblem.BATCH_ASSET_UNKNOWN));
        BatchDetail proposed = ServiceCalls.payout(() -> batches.proposeBatch(idempotencyKey, new ProposeBatchRequest()
                .incidentId(incidentId).chainId(chosen.getChainId()).assetSymbol(chosen.getSymbol())));
        return seeOther("/batches/" + proposed.getBatch().getId());
    }

    /**
     * Each listed batch's total in whole units of its asset ({@code 1,800 USDT}), by batch id: the decimals come from
     * the batch's incident, read once per incident listed.
     */
    private static Map<UUID, String> totals(List<Batch> listed, Map<UUID, Incident> incidentsById) {
        Map<UUID, String> totals = new LinkedHashMap<>();
        for (Batch batch : listed) {
            Integer decimals = incidentsById.get(batch.getIncidentId()).getAssets().stream()
                    .filter(asset -> asset.getSymbol().equals(batch.getAssetSymbol()) && asset.getChainId().equals(batch.getChainId()))
                    .map(Asset::getDecimals).findFirst()
                    .orElseThrow(() -> new IllegalStateException("batch " + batch.getId() + " pays an asset its incident does not have"));
            totals.put(batch.getId(), Amounts.of(batch.getTotalMinorUnits(), decimals) + " " + batch.getAssetSymbol());
        }
        return totals;
    }

    /** The approval screen: what exactly is approved, who approved so far, and once approved how it is paid. */
    @GET
    @Path("batches/{batchId}")
    public TemplateInstance batch(@PathParam("batchId") UUID batchId, @RestQuery Integer offset) {
        int start = offset == null || offset < 0 ? 0 : offset;
        BatchDetail detail = ServiceCalls.payout(() -> batches.getBatch(batchId, PAGE_SIZE, start));
        Batch batch = detail.getBatch();
        Incident incident = ServiceCalls.ledger(() -> incidents.getIncident(batch.getIncidentId()));
        Integer decimals = incident.getAssets().stream()
                .filter(asset -> asset.getSymbol().equals(batch.getAssetSymbol()) && asset.getChainId().equals(batch.getChainId()))
                .map(Asset::getDecimals).findFirst()
                .orElseThrow(() -> new IllegalStateException("batch " + batchId + " pays an asset its incident does not have"));
        List<Instruction> paying = ServiceCalls.payout(() -> instructions.listInstructions(null, null, null, null, batchId,
                INSTRUCTIONS_PAGE, 0)).getItems();
        Map<UUID, String> txHashes = new LinkedHashMap<>();
        paying.stream().filter(instruction -> instruction.getTxHash() != null)
                .forEach(instruction -> txHashes.put(instruction.getId(), instruction.getTxHash()));
        boolean ownProposal = user.is(batch.getProposedBy().getSubjectId(), batch.getProposedBy().getUsername());
        boolean alreadyApproved = batch.getApprovals().stream().anyMatch(approval ->
                user.is(approval.getApprovedBy().getSubjectId(), approval.getApprovedBy().getUsername()));
        long next = start + detail.getItems().size();
        Optional<String> secondApprovalAbove = ServiceCalls.payout(limits::getLimits).getSecondApprovalAbove().stream()
                .filter(threshold -> threshold.getAsset().equals(batch.getAssetSymbol()))
                .map(threshold -> Amounts.of(threshold.getMinorUnits(), decimals)).findFirst();
        return batchPage.data("detail", detail).data("batch", batch).data("incident", incident).data("decimals", decimals)
                .data("secondApprovalAbove", secondApprovalAbove.orElse(null))
                .data("ownProposal", ownProposal).data("alreadyApproved", alreadyApproved)
                .data("txHashes", txHashes).data("transactions", transactions(paying))
                .data("firstShown", detail.getItems().isEmpty() ? start : start + 1).data("lastShown", next)
                .data("hasPrevious", start > 0).data("previousOffset", Math.max(0, start - PAGE_SIZE))
                .data("nextOffset", batch.getItemCount() > next ? Long.valueOf(next) : null);
    }

    @POST
    @Path("batches/{batchId}/approvals")
    public Response approve(@PathParam("batchId") UUID batchId, @RestForm String itemsHash) {
        if (itemsHash == null || !ITEMS_HASH.matcher(itemsHash).matches()) {
            throw new FormRejected(FormProblem.BATCH_HASH_MISMATCH);
        }
        ServiceCalls.payout(() -> batches.approveBatch(batchId, new ApproveBatchRequest().itemsHash(itemsHash)));
        return seeOther("/batches/" + batchId);
    }

    @POST
    @Path("batches/{batchId}/cancellation")
    public Response cancel(@PathParam("batchId") UUID batchId, @RestForm String reason) {
        if (reason == null || reason.isBlank()) {
            throw new FormRejected(FormProblem.BATCH_CANCEL_REASON_MISSING);
        }
        ServiceCalls.payout(() -> batches.cancelBatch(batchId, new CancelBatchRequest().reason(reason.strip())));
        return seeOther("/batches/" + batchId);
    }

    /** The distinct transactions that paid the batch's instructions, in the order they were first seen. */
    static List<PayoutTransaction> transactions(List<Instruction> paying) {
        Map<String, PayoutTransaction> byHash = new LinkedHashMap<>();
        for (Instruction instruction : paying) {
            if (instruction.getTxHash() != null) {
                byHash.merge(instruction.getTxHash(), new PayoutTransaction(instruction.getTxHash(), instruction.getBlockNumber(), 1),
                        (known, added) -> new PayoutTransaction(known.txHash(), known.blockNumber(), known.items() + 1));
            }
        }
        return List.copyOf(byHash.values());
    }

    private static Response seeOther(String location) {
        return Response.seeOther(URI.create(location)).build();
    }
}

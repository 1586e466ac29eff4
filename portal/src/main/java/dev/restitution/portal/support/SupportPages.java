package dev.restitution.portal.support;

import dev.restitution.contracts.claims.client.ClaimsApi;
import dev.restitution.contracts.claims.client.EvidenceApi;
import dev.restitution.contracts.claims.client.LimitsApi;
import dev.restitution.contracts.claims.client.ReviewApi;
import dev.restitution.contracts.claims.model.Claim;
import dev.restitution.contracts.claims.model.ClaimLine;
import dev.restitution.contracts.claims.model.CommentRequest;
import dev.restitution.contracts.claims.model.DecisionProposal;
import dev.restitution.contracts.claims.model.ProposalRejection;
import dev.restitution.contracts.claims.model.ProposedLineAmount;
import dev.restitution.contracts.claims.model.QuestionRequest;
import dev.restitution.contracts.claims.model.ReviewQueuePage;
import dev.restitution.contracts.ledger.client.IncidentsApi;
import dev.restitution.contracts.ledger.model.Asset;
import dev.restitution.contracts.ledger.model.Incident;
import dev.restitution.portal.claimant.WholeUnits;
import dev.restitution.portal.web.Amounts;
import dev.restitution.portal.web.FormProblem;
import dev.restitution.portal.web.FormRejected;
import dev.restitution.portal.web.PortalUser;
import dev.restitution.portal.web.ServiceCalls;
import dev.restitution.portal.web.ServiceProblem;
import dev.restitution.portal.web.ServiceRefused;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Support's pages: the review queue with its filters, ages and SLA flags, and a claim's review page (snapshot
 * and claimed amounts, evidence, questions, comments, history) with the reviewer's actions: take the claim,
 * comment, ask the claimant, propose approving or rejecting, and a support-lead's second approval or sending a
 * proposal back. claims-service decides every action (who holds the claim, the four-eyes value, never the
 * proposer's own approval); the portal shows its answer, a refusal in its own words.
 */
@Path("/support")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class SupportPages {

    /** One page of the queue; claims-service takes at most 200. */
    static final int PAGE_SIZE = 25;
    /** The incident filter lists at most this many incidents (an exchange rarely has more than a handful). */
    static final int INCIDENT_LIMIT = 50;
    private static final Set<String> IN_REVIEW = Set.of("UNDER_REVIEW", "NEEDS_INFO", "PENDING_SECOND_APPROVAL");

    private final PortalUser user;
    private final ReviewApi review;
    private final ClaimsApi claims;
    private final EvidenceApi evidence;
    private final IncidentsApi incidents;
    private final LimitsApi limits;
    private final Template queuePage;
    private final Template claimPage;

    public SupportPages(PortalUser user, @RestClient ReviewApi review, @RestClient ClaimsApi claims,
            @RestClient EvidenceApi evidence, @RestClient IncidentsApi incidents, @RestClient LimitsApi limits,
            @Location("support/queue.html") Template queuePage, @Location("support/claim.html") Template claimPage) {
        this.user = user;
        this.limits = limits;
        this.review = review;
        this.claims = claims;
        this.evidence = evidence;
        this.incidents = incidents;
        this.queuePage = queuePage;
        this.claimPage = claimPage;
    }

    @GET
    @Path("queue")
    public TemplateInstance queue(@RestQuery String incident, @RestQuery String asset, @RestQuery String status,
            @RestQuery String assigned, @RestQuery String minAgeHours, @RestQuery String overdue,
            @RestQuery String minClaimed, @RestQuery String maxClaimed, @RestQuery Integer offset) {
        requireSupport();
        List<Incident> known = ServiceCalls.ledger(() -> incidents.listIncidents(INCIDENT_LIMIT, 0)).getItems();
        QueueFilter filter = new QueueFilter(incident, asset, status, assigned, minAgeHours, overdue, minClaimed, maxClaimed);
        QueueFilter.Query query = filter.query(symbol -> decimalsOf(known, symbol));
        int start = offset == null || offset < 0 ? 0 : offset;
        ReviewQueuePage page = ServiceCalls.claims(() -> review.listReviewQueue(query.incidentId(), query.asset(),
                query.status(), query.assignedTo(), query.minAgeHours(), query.overdue(), query.minClaimedAmount(),
                query.maxClaimedAmount(), PAGE_SIZE, start));
        Map<UUID, String> incidentTitles = new HashMap<>();
        known.forEach(each -> incidentTitles.put(each.getId(), each.getExchange() + ": " + each.getTitle()));
        long next = start + page.getItems().size();
        return queuePage.data("page", page).data("filter", filter).data("incidents", known).data("incidentTitles", incidentTitles)
                .data("statuses", QueueFilter.STATUSES)
                .data("first", start + 1).data("last", next)
                .data("previousLink", start > 0 ? filter.link(Math.max(0, start - PAGE_SIZE)) : null)
                .data("nextLink", page.getTotal() > next ? filter.link(next) : null)
                .data("ages", page.getItems().stream().map(item -> QueueAge.of(item.getAgeSeconds())).toList());
    }

    @GET
    @Path("claims/{claimId}")
    public TemplateInstance claim(@PathParam("claimId") UUID claimId) {
        requireSupport();
        Claim claim = ServiceCalls.claims(() -> claims.getClaim(claimId));
        Map<UUID, String> proposed = new HashMap<>();
        if (claim.getProposal() != null && claim.getProposal().getLines() != null) {
            claim.getProposal().getLines().forEach(line -> proposed.put(line.getLineId(), line.getApprovedAmount()));
        }
        String status = claim.getStatus().toString();
        boolean heldByMe = claim.getAssignee() != null
                && user.is(claim.getAssignee().getSubjectId(), claim.getAssignee().getUsername());
        boolean ownProposal = claim.getProposal() != null && user.is(claim.getProposal().getProposedBy().getSubjectId(),
                claim.getProposal().getProposedBy().getUsername());
        return claimPage.data("claim", claim)
                .data("evidence", ServiceCalls.claims(() -> evidence.listEvidence(claimId)).getItems())
                .data("comments", ServiceCalls.claims(() -> review.listComments(claimId)).getItems())
                .data("history", ServiceCalls.claims(() -> claims.getClaimAuditTrail(claimId)))
                .data("disputedLines", claim.getLines().stream().filter(line -> line.getStatus() == ClaimLine.StatusEnum.DISPUTED).toList())
                .data("fourEyes", fourEyes(claim))
                .data("proposed", proposed)
                .data("inReview", IN_REVIEW.contains(status))
                .data("canTake", IN_REVIEW.contains(status) && !heldByMe)
                .data("heldByMe", heldByMe)
                .data("canDecide", heldByMe && status.equals("UNDER_REVIEW"))
                .data("ownProposal", ownProposal)
                .data("lead", user.has(PortalUser.SUPPORT_LEAD));
    }

    /** Per asset of the claim's disputed lines, claims-service's four-eyes value as the reviewer reads it. */
    private List<FourEyes> fourEyes(Claim claim) {
        Map<String, String> above = new HashMap<>();
        ServiceCalls.claims(limits::getLimits).getFourEyesAbove()
                .forEach(threshold -> above.put(threshold.getAsset(), threshold.getMinorUnits()));
        Map<String, FourEyes> byAsset = new LinkedHashMap<>();
        claim.getLines().stream().filter(line -> line.getStatus() == ClaimLine.StatusEnum.DISPUTED)
                .forEach(line -> byAsset.putIfAbsent(line.getAsset(), new FourEyes(line.getAsset(),
                        above.containsKey(line.getAsset()) ? Amounts.of(above.get(line.getAsset()), line.getDecimals()) : null)));
        return List.copyOf(byAsset.values());
    }

    /** An asset and the whole-unit amount per line above which a second approval is needed; null: always needed. */
    @TemplateData
    public record FourEyes(String asset, String above) {
    }

    @POST
    @Path("claims/{claimId}/assignment")
    public Response assign(@PathParam("claimId") UUID claimId) {
        requireSupport();
        ServiceCalls.claims(() -> review.assignClaimToMe(claimId));
        return backTo(claimId, "actions");
    }

    @POST
    @Path("claims/{claimId}/comments")
    public Response comment(@PathParam("claimId") UUID claimId, @RestForm String text) {
        requireSupport();
        CommentRequest body = new CommentRequest().text(stripped(text));
        ServiceCalls.claims(() -> review.addComment(claimId, body));
        return backTo(claimId, "comments");
    }

    @POST
    @Path("claims/{claimId}/questions")
    public Response ask(@PathParam("claimId") UUID claimId, @RestForm String question) {
        requireSupport();
        QuestionRequest body = new QuestionRequest().question(stripped(question));
        ServiceCalls.claims(() -> review.askClaimant(claimId, body));
        return backTo(claimId, "questions");
    }

    /** Approving: one amount per disputed line, typed in whole units of its asset. */
    @POST
    @Path("claims/{claimId}/approval-proposal")
    public Response proposeApproval(@PathParam("claimId") UUID claimId, @RestForm List<String> lineId, @RestForm List<String> amount) {
        requireSupport();
        if (lineId == null || amount == null || lineId.isEmpty() || lineId.size() != amount.size()) {
            throw new FormRejected(FormProblem.DISPUTED_LINE_WITHOUT_AMOUNT);
        }
        Claim claim = ServiceCalls.claims(() -> claims.getClaim(claimId));
        List<ProposedLineAmount> lines = new ArrayList<>();
        for (int index = 0; index < lineId.size(); index++) {
            ClaimLine line = lineOf(claim, lineId.get(index));
            lines.add(new ProposedLineAmount().lineId(line.getId())
                    .approvedAmount(WholeUnits.toMinorUnits(amount.get(index), line.getDecimals())));
        }
        DecisionProposal proposal = new DecisionProposal().decision(DecisionProposal.DecisionEnum.APPROVE).lines(lines);
        ServiceCalls.claims(() -> review.proposeDecision(claimId, proposal));
        return backTo(claimId, "decision");
    }

    /** Rejecting: the reason is shown to the claimant. */
    @POST
    @Path("claims/{claimId}/rejection-proposal")
    public Response proposeRejection(@PathParam("claimId") UUID claimId, @RestForm String reason) {
        requireSupport();
        DecisionProposal proposal = new DecisionProposal().decision(DecisionProposal.DecisionEnum.REJECT).reason(stripped(reason));
        ServiceCalls.claims(() -> review.proposeDecision(claimId, proposal));
        return backTo(claimId, "decision");
    }

    /** The second approval; claims-service refuses anyone but a support-lead who did not propose it. */
    @POST
    @Path("claims/{claimId}/second-approval")
    public Response approve(@PathParam("claimId") UUID claimId) {
        requireSupport();
        ServiceCalls.claims(() -> review.approveProposal(claimId));
        return backTo(claimId, "decision");
    }

    @POST
    @Path("claims/{claimId}/send-back")
    public Response sendBack(@PathParam("claimId") UUID claimId, @RestForm String reason) {
        requireSupport();
        ProposalRejection body = new ProposalRejection().reason(stripped(reason));
        ServiceCalls.claims(() -> review.rejectProposal(claimId, body));
        return backTo(claimId, "decision");
    }

    /**
     * The portal refuses its support pages to everyone else before asking any service (claims-service would
     * refuse them too): a claimant learns nothing about the queue.
     */
    private void requireSupport() {
        requireSupport(user);
    }

    /** Support pages answer support agents and leads only, before any service is asked. */
    static void requireSupport(PortalUser user) {
        if (!user.isSupport()) {
            throw new ServiceRefused(new ServiceProblem("The portal", 403, "support-only", "Not allowed",
                    "These pages are for support agents and support leads.", List.of()));
        }
    }

    private static Optional<Integer> decimalsOf(List<Incident> known, String symbol) {
        return known.stream().flatMap(incident -> incident.getAssets().stream())
                .filter(asset -> asset.getSymbol().equals(symbol)).map(Asset::getDecimals).findFirst();
    }

    private static ClaimLine lineOf(Claim claim, String lineId) {
        return claim.getLines().stream().filter(line -> line.getId().toString().equals(lineId)).findFirst()
                .orElseThrow(() -> new FormRejected(FormProblem.LINE_NOT_OF_CLAIM));
    }

    private static String stripped(String value) {
        return value == null ? "" : value.strip();
    }

    private static Response backTo(UUID claimId, String section) {
        return Response.seeOther(URI.create("/support/claims/" + claimId + "#" + section)).build();
    }
}

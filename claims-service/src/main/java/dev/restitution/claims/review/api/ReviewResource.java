package dev.restitution.claims.review.api;

import dev.restitution.kit.money.Uint256;
import dev.restitution.claims.claim.api.ClaimModels;
import dev.restitution.claims.claim.domain.ClaimDetails;
import dev.restitution.claims.claim.domain.ClaimStatus;
import dev.restitution.claims.review.persistence.CommentStore;
import dev.restitution.claims.review.persistence.ReviewQueueStore;
import dev.restitution.claims.review.ReviewService;
import dev.restitution.claims.security.Callers;
import dev.restitution.claims.security.Roles;
import dev.restitution.contracts.claims.api.ReviewApi;
import dev.restitution.contracts.claims.model.Comment;
import dev.restitution.contracts.claims.model.CommentList;
import dev.restitution.contracts.claims.model.CommentRequest;
import dev.restitution.contracts.claims.model.DecisionProposal;
import dev.restitution.contracts.claims.model.DisputedLineSummary;
import dev.restitution.contracts.claims.model.ProposalRejection;
import dev.restitution.contracts.claims.model.ProposedLineAmount;
import dev.restitution.contracts.claims.model.QuestionRequest;
import dev.restitution.contracts.claims.model.ReviewQueueItem;
import dev.restitution.contracts.claims.model.ReviewQueuePage;
import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Thin adapter between the generated review API and {@link ReviewService}. */
public class ReviewResource implements ReviewApi {

    static final String ME = "me";
    static final String NOBODY = "nobody";

    private final ReviewService review;
    private final Callers callers;

    public ReviewResource(ReviewService review, Callers callers) {
        this.review = review;
        this.callers = callers;
    }

    @Override
    @RolesAllowed({Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD})
    public Response listReviewQueue(UUID incidentId, String asset, String status, String assignedTo, Integer minAgeHours,
                                    Boolean overdue, String minClaimedAmount, String maxClaimedAmount, Integer limit,
                                    Integer offset) {
        ReviewQueueStore.Filter filter = new ReviewQueueStore.Filter(Optional.ofNullable(incidentId), Optional.ofNullable(asset),
                statuses(status), holder(assignedTo), Optional.ofNullable(minAgeHours), Optional.ofNullable(overdue),
                Optional.ofNullable(minClaimedAmount).map(amount -> Uint256.parse("minClaimedAmount", amount)),
                Optional.ofNullable(maxClaimedAmount).map(amount -> Uint256.parse("maxClaimedAmount", amount)));
        ReviewQueueStore.Page page = review.queue(filter, offset, limit);
        return Response.ok(new ReviewQueuePage()
                .items(page.items().stream().map(ReviewResource::toModel).toList())
                .limit(limit).offset(offset).total(page.total())
                .slaHours(review.sla().toHours())).build();
    }

    @Override
    @RolesAllowed({Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD})
    public Response assignClaimToMe(UUID claimId) {
        return Response.ok(ClaimModels.toModel(review.assignToSelf(claimId, callers.actor()), true)).build();
    }

    @Override
    @RolesAllowed({Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD, Roles.AUDITOR})
    public Response listComments(UUID claimId) {
        return Response.ok(new CommentList().items(review.comments(claimId).stream()
                .map(ReviewResource::toModel).toList())).build();
    }

    @Override
    @RolesAllowed({Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD})
    public Response addComment(UUID claimId, CommentRequest comment) {
        return Response.status(201).entity(toModel(review.comment(claimId, comment.getText(), callers.actor()))).build();
    }

    @Override
    @RolesAllowed({Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD})
    public Response askClaimant(UUID claimId, QuestionRequest question) {
        return Response.status(201).entity(ClaimModels.toModel(review.ask(claimId, question.getQuestion(), callers.actor()),
                true)).build();
    }

    @Override
    @RolesAllowed({Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD})
    public Response proposeDecision(UUID claimId, DecisionProposal proposal) {
        Map<UUID, BigInteger> amounts = new LinkedHashMap<>();
        for (int index = 0; index < proposal.getLines().size(); index++) {
            ProposedLineAmount line = proposal.getLines().get(index);
            BigInteger amount = Uint256.parse("lines[" + index + "].approvedAmount", line.getApprovedAmount());
            if (amounts.put(line.getLineId(), amount) != null) {
                throw ProblemException.invalid(List.of(new FieldViolation("lines", "line " + line.getLineId()
                        + " is named twice")));
            }
        }
        ReviewService.Proposal command = new ReviewService.Proposal(
                ClaimDetails.Decision.valueOf(proposal.getDecision().name()), amounts,
                Optional.ofNullable(proposal.getReason()));
        return Response.ok(ClaimModels.toModel(review.propose(claimId, command, callers.actor()), true)).build();
    }

    @Override
    @RolesAllowed(Roles.SUPPORT_LEAD)
    public Response approveProposal(UUID claimId) {
        return Response.ok(ClaimModels.toModel(review.approveProposal(claimId, callers.actor()), true)).build();
    }

    @Override
    @RolesAllowed(Roles.SUPPORT_LEAD)
    public Response rejectProposal(UUID claimId, ProposalRejection rejection) {
        return Response.ok(ClaimModels.toModel(review.sendBackProposal(claimId, rejection.getReason(), callers.actor()),
                true)).build();
    }

    private static Set<ClaimStatus> statuses(String status) {
        if (status == null) {
            return ClaimStatus.IN_REVIEW;
        }
        return ClaimStatus.IN_REVIEW.stream().filter(candidate -> candidate.name().equals(status)).findFirst()
                .map(EnumSet::of)
                .orElseThrow(() -> ProblemException.invalid(List.of(new FieldViolation("status",
                        "must be one of " + ClaimStatus.IN_REVIEW))));
    }

    private ReviewQueueStore.Holder holder(String assignedTo) {
        if (assignedTo == null) {
            return new ReviewQueueStore.Holder.Anyone();
        }
        return switch (assignedTo) {
            case ME -> new ReviewQueueStore.Holder.Me(callers.actor());
            case NOBODY -> new ReviewQueueStore.Holder.Nobody();
            default -> new ReviewQueueStore.Holder.Reviewer(assignedTo);
        };
    }

    private static ReviewQueueItem toModel(ReviewQueueStore.Item item) {
        return new ReviewQueueItem()
                .claimId(item.claimId())
                .incidentId(item.incidentId())
                .accountId(item.accountId())
                .status(ReviewQueueItem.StatusEnum.fromValue(item.status().name()))
                .assignee(item.assignee().map(ClaimModels::actor).orElse(null))
                .queuedAt(ClaimModels.utc(item.queuedAt()))
                .ageSeconds(item.ageSeconds())
                .overdue(item.overdue())
                .disputedLines(item.disputedLines().stream().map(line -> new DisputedLineSummary()
                        .lineId(line.lineId())
                        .asset(line.asset())
                        .decimals(line.decimals())
                        .snapshotAmount(line.snapshotAmount().toString())
                        .claimedAmount(line.claimedAmount().toString())).toList());
    }

    private static Comment toModel(CommentStore.Comment comment) {
        return new Comment().id(comment.id()).author(ClaimModels.actor(comment.author())).at(ClaimModels.utc(comment.at()))
                .text(comment.text());
    }
}

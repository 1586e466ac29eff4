package dev.restitution.claims.review;

import dev.restitution.claims.address.PayoutDenylist;
import dev.restitution.claims.audit.ClaimAudit;
import dev.restitution.claims.claim.ClaimAccess;
import dev.restitution.claims.claim.ClaimEvents;
import dev.restitution.claims.claim.domain.ClaimDetails;
import dev.restitution.claims.claim.domain.ClaimStatus;
import dev.restitution.claims.claim.domain.ReviewRules;
import dev.restitution.claims.claim.persistence.ClaimEntity;
import dev.restitution.claims.claim.persistence.ClaimLineEntity;
import dev.restitution.claims.claim.persistence.ClaimQuestionEntity;
import dev.restitution.claims.config.ClaimsConfig;
import dev.restitution.claims.review.persistence.CommentStore;
import dev.restitution.claims.review.persistence.ReviewQueueStore;
import dev.restitution.claims.notification.Notifications;
import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The review of disputed claims by support staff: assignment, internal comments, questions to the
 * claimant, decision proposals and a support-lead's second approval above the configured four-eyes
 * value (never the proposer's). Every command is one transaction on the locked claim with its audit
 * entry; decisions leave through the outbox ({@link ClaimEvents}). A refusal writes nothing.
 */
@ApplicationScoped
public class ReviewService {

    private final ClaimAccess access;
    private final ClaimAudit audit;
    private final ClaimEvents events;
    private final PayoutDenylist denylist;
    private final ReviewQueueStore queue;
    private final CommentStore comments;
    private final Map<String, BigInteger> fourEyesAbove;
    private final Duration sla;
    private final Clock clock;
    private final Notifications notifications;

    public ReviewService(ClaimAccess access, ClaimAudit audit, ClaimEvents events, PayoutDenylist denylist,
                         ReviewQueueStore queue, CommentStore comments, ClaimsConfig config, Clock clock,
                         Notifications notifications) {
        this.notifications = notifications;
        this.access = access;
        this.audit = audit;
        this.events = events;
        this.denylist = denylist;
        this.queue = queue;
        this.comments = comments;
        this.fourEyesAbove = Map.copyOf(config.review().fourEyesAbove());
        this.sla = config.review().sla();
        this.clock = clock;
    }

    public ReviewQueueStore.Page queue(ReviewQueueStore.Filter filter, int offset, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> queue.page(filter, offset, limit, clock.instant(), sla));
    }

    public Duration sla() {
        return sla;
    }

    public ClaimDetails assignToSelf(UUID claimId, Actor reviewer) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ClaimEntity claim = inReview(claimId);
            Optional<Actor> holder = claim.assignedTo();
            if (holder.isPresent() && holder.get().samePersonAs(reviewer)) {
                return access.details(claim);
            }
            if (holder.isPresent()) {
                throw ProblemException.conflict("claim-assigned", "The claim is assigned to " + claim.assignee + ".");
            }
            claim.assignTo(reviewer);
            audit.append(claim.id, reviewer, clock.instant(), "ASSIGNED", Optional.empty(),
                    Map.of("assignee", reviewer.username(), "assigneeSubjectId", reviewer.subjectId()));
            return access.details(claim);
        });
    }

    /** An internal note on any claim; recorded in the claim's audit log too. */
    public CommentStore.Comment comment(UUID claimId, String text, Actor reviewer) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ClaimEntity claim = access.locked(claimId, Optional.empty());
            if (comments.count(claim.id) >= CommentStore.MAX_PER_CLAIM) {
                throw ProblemException.conflict("too-many-comments", "A claim holds at most " + CommentStore.MAX_PER_CLAIM
                        + " comments.");
            }
            CommentStore.Comment comment = new CommentStore.Comment(UUID.randomUUID(), reviewer, clock.instant(), text);
            comments.add(claim.id, comment);
            audit.append(claim.id, reviewer, comment.at(), "COMMENTED", Optional.empty(),
                    Map.of("comment", comment.id().toString(), "text", text));
            return comment;
        });
    }

    public List<CommentStore.Comment> comments(UUID claimId) {
        return QuarkusTransaction.requiringNew().call(() -> comments.of(access.read(claimId, Optional.empty()).id));
    }

    public ClaimDetails ask(UUID claimId, String question, Actor reviewer) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ClaimEntity claim = heldBy(claimId, reviewer, ClaimStatus.UNDER_REVIEW);
            Instant now = clock.instant();
            ClaimQuestionEntity asked = new ClaimQuestionEntity();
            asked.id = UUID.randomUUID();
            asked.claim = claim;
            asked.question = question;
            asked.askedBy(reviewer);
            asked.askedAt = now;
            claim.questions.add(asked);
            claim.moveTo(ClaimStatus.NEEDS_INFO);
            audit.append(claim.id, reviewer, now, "QUESTION_ASKED", Optional.of(Map.of("status", ClaimStatus.UNDER_REVIEW.name())),
                    Map.of("status", claim.status().name(), "question", asked.id.toString(), "text", question));
            notifications.questionAsked(asked.id, claim.accountId, claim.id, question, now);
            return access.details(claim);
        });
    }

    /** What a reviewer proposes: APPROVE with an amount per disputed line, or REJECT with a reason. */
    public record Proposal(ClaimDetails.Decision decision, Map<UUID, BigInteger> amounts, Optional<String> reason) {
    }

    public ClaimDetails propose(UUID claimId, Proposal proposal, Actor reviewer) {
        List<FieldViolation> violations = malformed(proposal);
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            ClaimEntity claim = heldBy(claimId, reviewer, ClaimStatus.UNDER_REVIEW);
            Instant now = clock.instant();
            if (proposal.decision() == ClaimDetails.Decision.REJECT) {
                reject(claim, proposal.reason().orElseThrow(), reviewer, now);
                return access.details(claim);
            }
            checkAmounts(claim, proposal);
            checkApprovable(claim);
            for (ClaimLineEntity line : claim.lines) {
                line.proposedAmount = proposal.amounts().get(line.id);
            }
            boolean fourEyes = claim.lines.stream().filter(ClaimLineEntity::disputed)
                    .anyMatch(line -> ReviewRules.needsSecondApproval(line.asset, line.proposedAmount, fourEyesAbove));
            if (!fourEyes) {
                approve(claim, reviewer, Optional.empty(), now);
                return access.details(claim);
            }
            claim.moveTo(ClaimStatus.PENDING_SECOND_APPROVAL);
            claim.proposalDecision = ClaimDetails.Decision.APPROVE.name();
            claim.proposedBy(reviewer);
            claim.proposedAt = now;
            audit.append(claim.id, reviewer, now, "APPROVAL_PROPOSED", Optional.of(Map.of("status", ClaimStatus.UNDER_REVIEW.name())),
                    Map.of("status", claim.status().name(), "amounts", disputedAmounts(claim)));
            return access.details(claim);
        });
    }

    /** A support-lead's second approval: the proposal is decided as proposed. */
    public ClaimDetails approveProposal(UUID claimId, Actor lead) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ClaimEntity claim = pendingSecondApproval(claimId, lead);
            checkApprovable(claim);
            approve(claim, lead, Optional.of(claim.proposer()), clock.instant());
            return access.details(claim);
        });
    }

    /** A support-lead sends the proposal back: the claim returns to UNDER_REVIEW. */
    public ClaimDetails sendBackProposal(UUID claimId, String reason, Actor lead) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ClaimEntity claim = pendingSecondApproval(claimId, lead);
            Map<String, Object> before = Map.of("status", claim.status().name(), "proposedBy", claim.proposedBy,
                    "proposedBySubjectId", claim.proposer().subjectId(),
                    "amounts", disputedAmounts(claim));
            claim.clearProposal();
            claim.moveTo(ClaimStatus.UNDER_REVIEW);
            audit.append(claim.id, lead, clock.instant(), "PROPOSAL_SENT_BACK", Optional.of(before),
                    Map.of("status", claim.status().name(), "reason", reason));
            return access.details(claim);
        });
    }

    /** The amounts of an APPROVE proposal, checked against the claim: every disputed line once, none above its claim. */
    private static void checkAmounts(ClaimEntity claim, Proposal proposal) {
        List<FieldViolation> violations = new ArrayList<>();
        Map<UUID, ClaimLineEntity> disputed = claim.lines.stream().filter(ClaimLineEntity::disputed)
                .collect(Collectors.toMap(line -> line.id, line -> line));
        proposal.amounts().forEach((lineId, amount) -> {
            ClaimLineEntity line = disputed.get(lineId);
            if (line == null) {
                violations.add(new FieldViolation("lines", "line " + lineId + " is not a disputed line of this claim"));
            } else if (amount.compareTo(line.claimedAmount) > 0) {
                violations.add(new FieldViolation("lines", "line " + lineId + " is approved above its claimed amount "
                        + line.claimedAmount));
            }
        });
        disputed.keySet().stream().filter(lineId -> !proposal.amounts().containsKey(lineId))
                .forEach(lineId -> violations.add(new FieldViolation("lines", "disputed line " + lineId + " has no amount")));
        boolean owesSomething = claim.lines.stream().anyMatch(line -> !line.disputed())
                || proposal.amounts().values().stream().anyMatch(amount -> amount.signum() > 0);
        if (!owesSomething) {
            violations.add(new FieldViolation("lines", "an approval owes something; reject the claim instead"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
    }

    /** Checks the request before the claim's state: a malformed proposal is a 400 whatever the claim. */
    static List<FieldViolation> malformed(Proposal proposal) {
        List<FieldViolation> violations = new ArrayList<>();
        if (proposal.decision() == ClaimDetails.Decision.APPROVE) {
            if (proposal.amounts().isEmpty()) {
                violations.add(new FieldViolation("lines", "an approval names every disputed line with its amount"));
            }
            if (proposal.reason().isPresent()) {
                violations.add(new FieldViolation("reason", "only a rejection carries a reason"));
            }
        } else {
            if (proposal.reason().isEmpty()) {
                violations.add(new FieldViolation("reason", "a rejection says why; the claimant sees it"));
            }
            if (!proposal.amounts().isEmpty()) {
                violations.add(new FieldViolation("lines", "a rejection approves no amounts"));
            }
        }
        return violations;
    }

    private void checkApprovable(ClaimEntity claim) {
        if (!access.kycVerified(claim.accountId)) {
            throw ProblemException.conflict("kyc-not-verified", "The account's KYC is not verified; no claim is "
                    + "approved without it. Ask the claimant or wait for the attestation.");
        }
        if (claim.payoutAddresses.stream()
                .anyMatch(address -> denylist.lists(claim.incidentId, address.chainId, address.address))) {
            throw ProblemException.conflict("payout-address-denylisted", "A payout address of this claim is on the "
                    + "denylist for this incident and chain; it cannot be approved to it.");
        }
    }

    private void approve(ClaimEntity claim, Actor decidedBy, Optional<Actor> proposedBy, Instant now) {
        ClaimStatus before = claim.status();
        for (ClaimLineEntity line : claim.lines) {
            line.approvedAmount = line.disputed() ? line.proposedAmount : line.snapshotAmount;
            if (line.approvedAmount == null || line.approvedAmount.signum() < 0) {
                throw new IllegalStateException("claim line " + line.id + " approved without an amount");
            }
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("status", ClaimStatus.APPROVED.name());
        after.put("approvedAmounts", claim.lines.stream()
                .collect(Collectors.toMap(line -> line.asset, line -> line.approvedAmount.toString())));
        proposedBy.ifPresent(proposer -> {
            after.put("proposedBy", proposer.username());
            after.put("proposedBySubjectId", proposer.subjectId());
        });
        claim.clearProposal();
        claim.moveTo(ClaimStatus.APPROVED);
        claim.approvedAt = now;
        claim.decidedAt = now;
        audit.append(claim.id, decidedBy, now, "APPROVED", Optional.of(Map.of("status", before.name())), after);
        events.approved(claim, now);
    }

    private void reject(ClaimEntity claim, String reason, Actor decidedBy, Instant now) {
        ClaimStatus before = claim.status();
        claim.clearProposal();
        claim.moveTo(ClaimStatus.REJECTED);
        claim.rejectionReason = reason;
        claim.decidedAt = now;
        audit.append(claim.id, decidedBy, now, "REJECTED", Optional.of(Map.of("status", before.name())),
                Map.of("status", claim.status().name(), "reason", reason));
        events.rejected(claim, decidedBy, now);
    }

    private ClaimEntity inReview(UUID claimId) {
        ClaimEntity claim = access.locked(claimId, Optional.empty());
        if (!claim.status().inReview()) {
            throw ProblemException.conflict("claim-not-in-review", "The claim is " + claim.status() + ", not in review.");
        }
        return claim;
    }

    private ClaimEntity heldBy(UUID claimId, Actor reviewer, ClaimStatus expected) {
        ClaimEntity claim = inReview(claimId);
        if (claim.assignedTo().filter(holder -> holder.samePersonAs(reviewer)).isEmpty()) {
            throw ProblemException.conflict("not-assigned-to-you", "Assign the claim to yourself first"
                    + (claim.assignee == null ? "." : "; it is assigned to " + claim.assignee + "."));
        }
        if (claim.status() != expected) {
            throw ProblemException.conflict("claim-not-" + expected.name().toLowerCase().replace('_', '-'),
                    "The claim is " + claim.status() + "; this needs it " + expected + ".");
        }
        return claim;
    }

    private ClaimEntity pendingSecondApproval(UUID claimId, Actor lead) {
        ClaimEntity claim = inReview(claimId);
        if (claim.status() != ClaimStatus.PENDING_SECOND_APPROVAL) {
            throw ProblemException.conflict("no-pending-proposal", "The claim is " + claim.status()
                    + "; no proposal waits for a second approval.");
        }
        if (claim.proposer().samePersonAs(lead)) {
            throw new ProblemException(ProblemDetails.of("own-proposal", "Own proposal", 403,
                    "The second approval comes from a support-lead other than the proposer. Nothing was written."));
        }
        return claim;
    }

    private static Map<String, String> disputedAmounts(ClaimEntity claim) {
        Map<String, String> amounts = new HashMap<>();
        claim.lines.stream().filter(ClaimLineEntity::disputed).filter(line -> line.proposedAmount != null)
                .forEach(line -> amounts.put(line.asset, line.proposedAmount.toString()));
        return amounts;
    }
}

package dev.restitution.claims.dispute;

import dev.restitution.claims.audit.ClaimAudit;
import dev.restitution.claims.claim.ClaimAccess;
import dev.restitution.claims.claim.ClaimEvents;
import dev.restitution.claims.claim.domain.ClaimDetails;
import dev.restitution.claims.claim.domain.ClaimLifecycle;
import dev.restitution.claims.claim.domain.ClaimStatus;
import dev.restitution.claims.claim.domain.LineStatus;
import dev.restitution.claims.claim.persistence.ClaimEntity;
import dev.restitution.claims.claim.persistence.ClaimLineEntity;
import dev.restitution.claims.claim.persistence.ClaimQuestionEntity;
import dev.restitution.claims.security.Caller;
import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a claimant does about their claim beyond accepting it: dispute a line (or amend the dispute)
 * until a decision, answer a reviewer's question, withdraw. Each command is one transaction on the
 * locked claim, with its audit entry; a refusal writes nothing.
 */
@ApplicationScoped
public class DisputeService {

    private final ClaimAccess access;
    private final ClaimAudit audit;
    private final ClaimEvents events;
    private final Clock clock;

    public DisputeService(ClaimAccess access, ClaimAudit audit, ClaimEvents events, Clock clock) {
        this.access = access;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    public ClaimDetails dispute(UUID claimId, UUID lineId, BigInteger claimedAmount, String explanation, Caller caller) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ClaimEntity claim = access.locked(claimId, Optional.of(caller.accountId()));
            ClaimStatus status = claim.status();
            if (status != ClaimStatus.DRAFT && !status.inReview()) {
                throw ProblemException.conflict("claim-not-disputable", "The claim is " + status
                        + "; its lines can be disputed only before submission or while under review.");
            }
            ClaimLineEntity line = claim.lines.stream().filter(candidate -> candidate.id.equals(lineId)).findFirst()
                    .orElseThrow(() -> ProblemException.notFound("claim line " + lineId));
            if (status.inReview() && !line.disputed()) {
                throw ProblemException.conflict("line-not-disputed", "Under review only the disputed lines can be "
                        + "amended; this line was accepted at submission.");
            }
            if (claimedAmount.signum() <= 0 || claimedAmount.equals(line.snapshotAmount)) {
                throw ProblemException.invalid(List.of(new FieldViolation("claimedAmount", claimedAmount.signum() <= 0
                        ? "must be a positive amount" : "equals the snapshot amount; accept the line instead")));
            }
            Instant now = clock.instant();
            Map<String, Object> before = lineState(line);
            line.dispute(claimedAmount, explanation);
            audit.append(claim.id, caller.actor(), now, before.get("status").equals(LineStatus.DISPUTED.name())
                    ? "DISPUTE_AMENDED" : "LINE_DISPUTED", Optional.of(before), lineState(line));
            if (status == ClaimStatus.PENDING_SECOND_APPROVAL) {
                // The proposal was about the dispute as it was: it no longer stands.
                discardProposal(claim, caller.actor(), now, "the claimant amended a dispute");
            }
            return access.details(claim);
        });
    }

    public ClaimDetails answer(UUID claimId, UUID questionId, String answer, Caller caller) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ClaimEntity claim = access.locked(claimId, Optional.of(caller.accountId()));
            ClaimQuestionEntity question = claim.questions.stream()
                    .filter(candidate -> candidate.id.equals(questionId)).findFirst()
                    .orElseThrow(() -> ProblemException.notFound("question " + questionId));
            if (question.answer != null || claim.status() != ClaimStatus.NEEDS_INFO) {
                throw ProblemException.conflict("question-not-open", "This question was already answered or the "
                        + "claim no longer waits for information.");
            }
            Instant now = clock.instant();
            question.answer = answer;
            question.answeredAt = now;
            claim.moveTo(ClaimStatus.UNDER_REVIEW);
            audit.append(claim.id, caller.actor(), now, "QUESTION_ANSWERED",
                    Optional.of(Map.of("status", ClaimStatus.NEEDS_INFO.name(), "question", questionId.toString())),
                    Map.of("status", claim.status().name(), "question", questionId.toString(), "answer", answer));
            return access.details(claim);
        });
    }

    public ClaimDetails withdraw(UUID claimId, String reason, Caller caller) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ClaimEntity claim = access.locked(claimId, Optional.of(caller.accountId()));
            ClaimStatus status = claim.status();
            if (ClaimLifecycle.checkMove(status, ClaimStatus.WITHDRAWN).isPresent()) {
                throw ProblemException.conflict("claim-decided", "The claim is " + status
                        + "; it can no longer be withdrawn.");
            }
            Instant now = clock.instant();
            claim.moveTo(ClaimStatus.WITHDRAWN);
            claim.withdrawnAt = now;
            claim.withdrawalReason = reason;
            claim.clearProposal();
            audit.append(claim.id, caller.actor(), now, "WITHDRAWN", Optional.of(Map.of("status", status.name())),
                    Map.of("status", claim.status().name(), "reason", reason));
            events.withdrawn(claim, now);
            return access.details(claim);
        });
    }

    private void discardProposal(ClaimEntity claim, Actor actor, Instant now, String why) {
        Map<String, Object> before = Map.of("status", claim.status().name(), "proposal", claim.proposalDecision,
                "proposedBy", claim.proposer().username());
        claim.clearProposal();
        claim.moveTo(ClaimStatus.UNDER_REVIEW);
        audit.append(claim.id, actor, now, "PROPOSAL_DISCARDED", Optional.of(before),
                Map.of("status", claim.status().name(), "why", why));
    }

    private static Map<String, Object> lineState(ClaimLineEntity line) {
        Map<String, Object> state = new HashMap<>();
        state.put("line", line.id.toString());
        state.put("status", line.status().name());
        if (line.claimedAmount != null) {
            state.put("claimedAmount", line.claimedAmount.toString());
            state.put("explanation", line.disputeExplanation);
        }
        return state;
    }
}

package dev.restitution.claims.claim.api;

import dev.restitution.kit.audit.Actor;
import dev.restitution.claims.claim.domain.ClaimDetails;
import dev.restitution.contracts.claims.model.Claim;
import dev.restitution.contracts.claims.model.ClaimLine;
import dev.restitution.contracts.claims.model.LineEntitlement;
import dev.restitution.contracts.claims.model.LinePayment;
import dev.restitution.contracts.claims.model.PayoutAddress;
import dev.restitution.contracts.claims.model.PendingPayoutAddress;
import dev.restitution.contracts.claims.model.Proposal;
import dev.restitution.contracts.claims.model.ProposedLineAmount;
import dev.restitution.contracts.claims.model.Question;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The API's view of a claim. Reviewers' internals (assignee, pending proposal) are shown to staff only. */
public final class ClaimModels {

    private ClaimModels() {
    }

    public static Claim toModel(ClaimDetails claim, boolean staff) {
        ClaimDetails.Review review = claim.review();
        return new Claim()
                .id(claim.id())
                .incidentId(claim.incidentId())
                .accountId(claim.accountId())
                .status(Claim.StatusEnum.fromValue(claim.status().name()))
                .kycVerified(claim.kycVerified())
                .lines(claim.lines().stream().map(line -> new ClaimLine()
                        .id(line.id())
                        .asset(line.asset())
                        .chainId(line.chainId())
                        .decimals(line.decimals())
                        .snapshotAmount(line.snapshotAmount().toString())
                        .status(ClaimLine.StatusEnum.fromValue(line.status().name()))
                        .claimedAmount(line.claimedAmount().map(BigInteger::toString).orElse(null))
                        .disputeExplanation(line.disputeExplanation().orElse(null))
                        .approvedAmount(line.approvedAmount().map(BigInteger::toString).orElse(null))
                        .paidMinorUnits(line.paidAmount().toString())
                        .entitlements(line.entitlements().stream().map(entitlement -> new LineEntitlement()
                                .entitlementId(entitlement.entitlementId())
                                .roundId(entitlement.roundId().orElse(null))
                                .amount(entitlement.amount().toString())
                                .assetId(entitlement.assetId().orElse(null))
                                .payoutAddress(entitlement.payoutAddress().orElse(null))).toList())
                        .payments(line.payments().stream().map(payment -> new LinePayment()
                                .batchId(payment.batchId())
                                .entitlementId(payment.entitlementId())
                                .txHash(payment.txHash())
                                .blockNumber(payment.blockNumber())
                                .amount(payment.amount().toString())).toList())).toList())
                .payoutAddresses(claim.payoutAddresses().stream().map(address -> new PayoutAddress()
                        .chainId(address.chainId())
                        .address(address.address())
                        .provenAt(utc(address.provenAt()))
                        .heldUntil(utc(address.heldUntil()))).toList())
                .pendingPayoutAddresses(claim.pendingPayoutAddresses().stream().map(pending -> new PendingPayoutAddress()
                        .chainId(pending.chainId())
                        .previousAddress(pending.previousAddress())
                        .address(pending.address())
                        .requestedAt(utc(pending.requestedAt()))
                        .effectiveAt(utc(pending.effectiveAt()))).toList())
                .openedAt(utc(claim.openedAt()))
                .submittedAt(utc(claim.submittedAt()))
                .approvedAt(utc(claim.approvedAt()))
                .queuedAt(utc(review.queuedAt()))
                .assignee(staff ? review.assignee().map(ClaimModels::actor).orElse(null) : null)
                .decidedAt(utc(review.decidedAt()))
                .rejectionReason(review.rejectionReason().orElse(null))
                .withdrawnAt(utc(review.withdrawnAt()))
                .withdrawalReason(review.withdrawalReason().orElse(null))
                .lateAdmissionId(review.lateAdmissionId().orElse(null))
                .questions(review.questions().stream().map(question -> new Question()
                        .id(question.id())
                        .question(question.question())
                        .askedBy(actor(question.askedBy()))
                        .askedAt(utc(question.askedAt()))
                        .answer(question.answer().orElse(null))
                        .answeredAt(utc(question.answeredAt()))).toList())
                .proposal(staff ? review.proposal().map(proposal -> proposal(claim, proposal)).orElse(null) : null);
    }

    private static Proposal proposal(ClaimDetails claim, ClaimDetails.Proposal proposal) {
        return new Proposal()
                .decision(Proposal.DecisionEnum.fromValue(proposal.decision().name()))
                .reason(proposal.reason().orElse(null))
                .proposedBy(actor(proposal.proposedBy()))
                .proposedAt(utc(proposal.proposedAt()))
                .lines(claim.lines().stream().filter(line -> line.proposedAmount().isPresent())
                        .map(line -> new ProposedLineAmount().lineId(line.id())
                                .approvedAmount(line.proposedAmount().orElseThrow().toString())).toList());
    }

    /** The one actor shape of every API: subject id and user name. */
    public static dev.restitution.contracts.claims.model.Actor actor(Actor actor) {
        return new dev.restitution.contracts.claims.model.Actor().subjectId(actor.subjectId()).username(actor.username());
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static OffsetDateTime utc(Optional<Instant> instant) {
        return instant.map(ClaimModels::utc).orElse(null);
    }
}

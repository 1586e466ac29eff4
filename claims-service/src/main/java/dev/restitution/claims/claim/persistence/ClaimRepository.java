package dev.restitution.claims.claim.persistence;

import dev.restitution.claims.claim.domain.ClaimDetails;
import dev.restitution.claims.claim.domain.ClaimStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import org.hibernate.Locking;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Claims and their lines; entities never leave this package except to the claim services. */
@ApplicationScoped
public class ClaimRepository implements PanacheRepositoryBase<ClaimEntity, UUID> {

    /**
     * Whether a write failed because a concurrent transaction committed the same claim or key first (a unique
     * constraint, seen at flush or at commit), so the caller answers as that one did.
     */
    public static boolean lostWriteRace(RuntimeException failure) {
        return failure instanceof PersistenceException || failure instanceof QuarkusTransactionException;
    }

    public Optional<ClaimEntity> ofAccount(UUID incidentId, String accountId) {
        return find("incidentId = ?1 and accountId = ?2", incidentId, accountId).firstResultOptional();
    }

    /**
     * The claim with its lines, read by the statement that locks them: every command on a claim reads its
     * lines, and they change only under the claim's lock. The lines are locked too ({@code for no key update
     * of} claim and lines): a statement that waited for the lock sees the latest version of every row it
     * locked, but rows it only joined come from before the wait (READ COMMITTED), so a command that waited
     * for another on the same claim would act on the lines as they were before it (two acceptances of one
     * line each saw it pending). The join is inner (a claim always has lines) so that PostgreSQL locks in the
     * statement itself: for an outer join Hibernate 7.2 locks by a second ("follow-on") select whose list of
     * rows the cached query plan shares between concurrent sessions, so it locked other requests' claims in
     * no fixed order and deadlocked; that path is refused here rather than taken.
     */
    public Optional<ClaimEntity> lockedWithLines(UUID claimId) {
        return getSession().createSelectionQuery(
                        "select claim from ClaimEntity claim join fetch claim.lines where claim.id = :claim", ClaimEntity.class)
                .setParameter("claim", claimId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setLockScope(Locking.Scope.INCLUDE_FETCHES)
                .setFollowOnStrategy(Locking.FollowOn.DISALLOW)
                .uniqueResultOptional();
    }

    /** SUBMITTED claims of an account, oldest first, locked: those waiting for its KYC. */
    public List<ClaimEntity> submittedOf(String accountId) {
        return find("accountId = ?1 and status = ?2 order by openedAt", accountId, ClaimStatus.SUBMITTED)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /**
     * The claim as the services answer it. Entitlements and payments exist only for approved lines (a round
     * entitles only approved lines; a settlement of an unapproved line is refused) and questions only for claims that entered review (queued), so a claim
     * being filled in, the claimant's every request until submission, reads neither collection.
     */
    public static ClaimDetails toDetails(ClaimEntity claim, boolean kycVerified,
                                         List<ClaimDetails.PendingPayoutAddress> pendingAddresses) {
        return toDetails(claim, kycVerified, true, pendingAddresses);
    }

    /**
     * As {@link #toDetails(ClaimEntity, boolean, List)}; with {@code paymentsPossible} false (the claim was a draft
     * when this transaction began, so no line of it has been entitled or paid) no entitlements or payments are read.
     */
    public static ClaimDetails toDetails(ClaimEntity claim, boolean kycVerified, boolean paymentsPossible,
                                         List<ClaimDetails.PendingPayoutAddress> pendingAddresses) {
        return new ClaimDetails(claim.id, claim.incidentId, claim.accountId, claim.status(),
                kycVerified,
                claim.lines.stream().map(line -> new ClaimDetails.Line(line.id, line.asset, line.chainId,
                        line.decimals, line.snapshotAmount, line.status(),
                        Optional.ofNullable(line.approvedAmount), !paymentsPossible || line.approvedAmount == null ? List.of()
                        : line.entitlements.stream()
                        .map(entitlement -> new ClaimDetails.Entitlement(entitlement.entitlementId,
                                Optional.ofNullable(entitlement.roundId), entitlement.amount,
                                Optional.ofNullable(entitlement.assetId), Optional.ofNullable(entitlement.payoutAddress)))
                        .toList(), !paymentsPossible || line.approvedAmount == null ? List.of()
                        : line.payments.stream()
                        .map(payment -> new ClaimDetails.Payment(payment.batchId, payment.entitlementId, payment.txHash,
                                payment.blockNumber, payment.amount))
                        .toList(), Optional.ofNullable(line.claimedAmount), Optional.ofNullable(line.disputeExplanation),
                        Optional.ofNullable(line.proposedAmount))).toList(),
                claim.payoutAddresses.stream().map(address -> new ClaimDetails.PayoutAddress(address.chainId,
                        address.address, address.provenAt, Optional.ofNullable(address.heldUntil))).toList(), pendingAddresses,
                claim.openedAt, Optional.ofNullable(claim.submittedAt), Optional.ofNullable(claim.approvedAt),
                review(claim));
    }

    private static ClaimDetails.Review review(ClaimEntity claim) {
        Optional<ClaimDetails.Proposal> proposal = Optional.ofNullable(claim.proposalDecision)
                .map(decision -> new ClaimDetails.Proposal(ClaimDetails.Decision.valueOf(decision),
                        Optional.ofNullable(claim.proposalReason), claim.proposer(), claim.proposedAt));
        return new ClaimDetails.Review(Optional.ofNullable(claim.queuedAt), claim.assignedTo(),
                Optional.ofNullable(claim.decidedAt), Optional.ofNullable(claim.rejectionReason),
                Optional.ofNullable(claim.withdrawnAt), Optional.ofNullable(claim.withdrawalReason),
                Optional.ofNullable(claim.lateAdmissionId),
                (claim.queuedAt == null ? List.<ClaimQuestionEntity>of() : claim.questions).stream()
                        .map(question -> new ClaimDetails.Question(question.id, question.question, question.asker(),
                                question.askedAt, Optional.ofNullable(question.answer),
                                Optional.ofNullable(question.answeredAt))).toList(),
                proposal);
    }
}

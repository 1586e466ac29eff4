package dev.restitution.claims.claim.domain;

import dev.restitution.kit.audit.Actor;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A claim as the API shows it; built from the rows, never handed to JPA. */
public record ClaimDetails(UUID id, UUID incidentId, String accountId, ClaimStatus status, boolean kycVerified,
                           List<Line> lines, List<PayoutAddress> payoutAddresses,
                           List<PendingPayoutAddress> pendingPayoutAddresses, Instant openedAt,
                           Optional<Instant> submittedAt, Optional<Instant> approvedAt, Review review) {

    public record Line(UUID id, String asset, long chainId, int decimals, BigInteger snapshotAmount,
                       LineStatus status, Optional<BigInteger> approvedAmount, List<Entitlement> entitlements,
                       List<Payment> payments,
                       Optional<BigInteger> claimedAmount, Optional<String> disputeExplanation,
                       Optional<BigInteger> proposedAmount) {

        public BigInteger paidAmount() {
            return payments.stream().map(Payment::amount).reduce(BigInteger.ZERO, BigInteger::add);
        }
    }

    /**
     * An entitlement a distribution round issued for a line: the round, the amount, its CAIP-19 asset and the address
     * it is to be paid to (round, asset and address absent for entitlements learnt before they were recorded).
     */
    public record Entitlement(UUID entitlementId, Optional<UUID> roundId, BigInteger amount, Optional<String> assetId,
                              Optional<String> payoutAddress) {
    }

    /** A settled on-chain payment of one entitlement of a line, by one transaction of a payout batch. */
    public record Payment(UUID batchId, UUID entitlementId, String txHash, long blockNumber, BigInteger amount) {
    }

    /** An address in force; one proven during a second-factor reset's cool-down is not paid before {@code heldUntil}. */
    public record PayoutAddress(long chainId, String address, Instant provenAt, Optional<Instant> heldUntil) {
    }

    /** A replacing address waiting out its cool-down; {@code previousAddress} is in force until {@code effectiveAt}. */
    public record PendingPayoutAddress(long chainId, String previousAddress, String address, Instant requestedAt,
                                       Instant effectiveAt) {
    }

    /** Where the claim stands in review, decision and withdrawal; empty parts for an undisputed claim. */
    public record Review(Optional<Instant> queuedAt, Optional<Actor> assignee, Optional<Instant> decidedAt,
                         Optional<String> rejectionReason, Optional<Instant> withdrawnAt,
                         Optional<String> withdrawalReason, Optional<UUID> lateAdmissionId,
                         List<Question> questions, Optional<Proposal> proposal) {
    }

    public record Question(UUID id, String question, Actor askedBy, Instant askedAt, Optional<String> answer,
                           Optional<Instant> answeredAt) {
    }

    /** A decision proposal waiting for a support-lead; APPROVE lines carry the amounts of disputed lines. */
    public record Proposal(Decision decision, Optional<String> reason, Actor proposedBy, Instant proposedAt) {
    }

    public enum Decision { APPROVE, REJECT }
}

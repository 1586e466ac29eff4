package dev.restitution.claims.claim;

import dev.restitution.claims.address.PayoutDenylist;
import dev.restitution.claims.audit.ClaimAudit;
import dev.restitution.claims.claim.domain.ClaimRules;
import dev.restitution.claims.claim.domain.ClaimStatus;
import dev.restitution.claims.claim.domain.LineStatus;
import dev.restitution.claims.claim.persistence.ClaimEntity;
import dev.restitution.claims.claim.persistence.ClaimLineEntity;
import dev.restitution.claims.claim.persistence.ClaimRepository;
import dev.restitution.claims.kyc.persistence.KycAttestationStore;
import dev.restitution.contracts.events.ClaimApproved;
import dev.restitution.kit.audit.OwnActor;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import dev.restitution.kit.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Automatic verification: a SUBMITTED claim whose lines are all accepted, whose account's KYC is
 * verified and whose chains all have a proven address is approved for the snapshot amounts, and
 * ClaimApproved is written to the outbox in the same transaction as the state change.
 */
@ApplicationScoped
public class ClaimVerification {

    private static final Logger LOG = Logger.getLogger(ClaimVerification.class);
    static final String SOURCE = "/claims-service";

    private final ClaimRepository claims;
    private final KycAttestationStore kyc;
    private final ClaimAudit audit;
    private final Outbox outbox;
    private final EventCodec codec;
    private final PayoutDenylist denylist;
    private final OwnActor own;
    private final ApprovedLines approvedLines;

    public ClaimVerification(ClaimRepository claims, KycAttestationStore kyc, ClaimAudit audit, Outbox outbox,
                             EventCodec codec, PayoutDenylist denylist, OwnActor own, ApprovedLines approvedLines) {
        this.approvedLines = approvedLines;
        this.denylist = denylist;
        this.own = own;
        this.claims = claims;
        this.kyc = kyc;
        this.audit = audit;
        this.outbox = outbox;
        this.codec = codec;
    }

    /**
     * Approves {@code claim} if the rules allow it now; true when it was approved. {@code kycVerified} is
     * the claim's account's KYC status as read in this transaction; {@code addressListed} answers whether a
     * payout address of the claim is on the denylist for its incident and chain, asked only of an otherwise
     * approvable claim.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean verify(ClaimEntity claim, Instant now, boolean kycVerified, BooleanSupplier addressListed) {
        List<LineStatus> lines = claim.lines.stream().map(ClaimLineEntity::status).toList();
        boolean approvable = ClaimRules.approvableAutomatically(claim.status(), lines,
                kycVerified, ClaimRules.chainsWithoutAddress(
                        claim.lines.stream().map(line -> line.chainId).toList(),
                        claim.payoutAddresses.stream().map(address -> address.chainId).toList()));
        if (!approvable) {
            return false;
        }
        if (addressListed.getAsBoolean()) {
            // Listed after the claim was submitted: it stays SUBMITTED for a person to look at, never paid there.
            LOG.warnf("claim %s not approved: a payout address is denylisted for incident %s", claim.id, claim.incidentId);
            return false;
        }
        approve(claim, now);
        return true;
    }

    /** After a VERIFIED attestation: every claim of the account that waited for it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int verifyWaitingClaims(String accountId, Instant now) {
        int approved = 0;
        boolean kycVerified = kyc.isVerified(accountId);
        for (ClaimEntity claim : claims.submittedOf(accountId)) {
            if (verify(claim, now, kycVerified, () -> claim.payoutAddresses.stream()
                    .anyMatch(address -> denylist.lists(claim.incidentId, address.chainId, address.address)))) {
                approved++;
            }
        }
        return approved;
    }

    private void approve(ClaimEntity claim, Instant now) {
        for (ClaimLineEntity line : claim.lines) {
            line.approvedAmount = line.snapshotAmount;
            if (line.approvedAmount.signum() <= 0) {
                throw new IllegalStateException("claim line " + line.id + " has a non-positive amount");
            }
        }
        claim.moveTo(ClaimStatus.APPROVED);
        claim.approvedAt = now;
        audit.append(claim.id, own.actor(), now, "APPROVED", Optional.of(Map.of("status", ClaimStatus.SUBMITTED.name())),
                Map.of("status", ClaimStatus.APPROVED.name(), "approvedAmounts", claim.lines.stream()
                        .collect(Collectors.toMap(line -> line.asset, line -> line.approvedAmount.toString()))));
        ClaimApproved payload = new ClaimApproved()
                .withClaimId(claim.id)
                .withIncidentId(claim.incidentId)
                .withAccountId(claim.accountId)
                .withLines(approvedLines.of(claim, claim.lines));
        UUID eventId = UUID.randomUUID();
        EventEnvelope event = codec.wrap(eventId.toString(), EventTypes.CLAIM_APPROVED, SOURCE, now,
                claim.id.toString(), payload);
        // In the claim's trace: the ledger's booking and the payment continue it.
        ClaimTrace.inClaimTrace(claim, "approved", () -> outbox.append(Topics.CLAIMS_CLAIMS, event, now));
    }
}

package dev.restitution.claims.claim;

import dev.restitution.claims.claim.persistence.ClaimEntity;
import dev.restitution.claims.claim.persistence.ClaimLineEntity;
import dev.restitution.contracts.events.ClaimApproved;
import dev.restitution.contracts.events.ClaimRejected;
import dev.restitution.contracts.events.ClaimWithdrawn;
import dev.restitution.contracts.events.PayoutAddressChangeCancelled;
import dev.restitution.contracts.events.PayoutAddressChanged;
import dev.restitution.claims.claim.domain.PayoutAddressChange;
import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import dev.restitution.kit.messaging.Outbox;
import dev.restitution.claims.notification.Notifications;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The decisions on a claim after review, its withdrawal and its payout address changes, written to the outbox in the
 * transaction of the state change (never sent directly): ClaimApproved, ClaimRejected, ClaimWithdrawn,
 * PayoutAddressChanged, PayoutAddressChangeCancelled; each in a span of the claim's trace ({@link ClaimTrace}). A
 * decision or an address change also queues the claimant's mail, keyed by the event's id ({@link Notifications}).
 */
@ApplicationScoped
public class ClaimEvents {

    static final String SOURCE = "/claims-service";

    private final Outbox outbox;
    private final EventCodec codec;
    private final ApprovedLines approvedLines;
    private final Notifications notifications;

    public ClaimEvents(Outbox outbox, EventCodec codec, ApprovedLines approvedLines, Notifications notifications) {
        this.outbox = outbox;
        this.codec = codec;
        this.approvedLines = approvedLines;
        this.notifications = notifications;
    }

    /** ClaimApproved with every line approved above zero (a line approved at 0 is owed nothing). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void approved(ClaimEntity claim, Instant now) {
        List<ClaimLineEntity> owed = claim.lines.stream().filter(line -> line.approvedAmount.signum() > 0).toList();
        if (owed.isEmpty()) {
            throw new IllegalStateException("claim " + claim.id + " approved without a positive line");
        }
        UUID eventId = publish(EventTypes.CLAIM_APPROVED, "approved", claim, now, new ClaimApproved()
                .withClaimId(claim.id)
                .withIncidentId(claim.incidentId)
                .withAccountId(claim.accountId)
                .withLines(approvedLines.of(claim, owed)));
        notifications.claimApproved(eventId, claim.accountId, claim.id, owed.stream()
                .map(line -> new Notifications.Amount(line.asset, line.decimals, line.approvedAmount)).toList(), now);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void rejected(ClaimEntity claim, Actor decidedBy, Instant now) {
        UUID eventId = publish(EventTypes.CLAIM_REJECTED, "rejected", claim, now, new ClaimRejected()
                .withClaimId(claim.id)
                .withIncidentId(claim.incidentId)
                .withAccountId(claim.accountId)
                .withReason(claim.rejectionReason)
                .withDecidedBy(decidedBy.username())
                .withRejectedAt(OffsetDateTime.ofInstant(now, ZoneOffset.UTC)));
        notifications.claimRejected(eventId, claim.accountId, claim.id, claim.rejectionReason, now);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void withdrawn(ClaimEntity claim, Instant now) {
        publish(EventTypes.CLAIM_WITHDRAWN, "withdrawn", claim, now, new ClaimWithdrawn()
                .withClaimId(claim.id)
                .withIncidentId(claim.incidentId)
                .withAccountId(claim.accountId)
                .withReason(claim.withdrawalReason)
                .withWithdrawnAt(OffsetDateTime.ofInstant(now, ZoneOffset.UTC)));
    }

    /** A replacing payout address waits out its cool-down: what payout-service holds for, and a mail to the claimant needs. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void payoutAddressChanged(ClaimEntity claim, PayoutAddressChange change, Instant now) {
        UUID eventId = publish(EventTypes.PAYOUT_ADDRESS_CHANGED, "payout address changed", claim, now, new PayoutAddressChanged()
                .withClaimId(claim.id)
                .withIncidentId(claim.incidentId)
                .withAccountId(claim.accountId)
                .withChainId(change.chainId())
                .withPreviousAddress(change.previousAddress())
                .withAddress(change.address())
                .withEffectiveAt(OffsetDateTime.ofInstant(change.effectiveAt(), ZoneOffset.UTC)));
        notifications.payoutAddressChanged(eventId, claim.accountId, claim.id, change.chainId(), change.previousAddress(),
                change.address(), change.effectiveAt(), now);
    }

    /**
     * A first payout address proven during the cool-down after a second-factor reset: in force on the claim, but
     * published as a change from and to that address effective at the cool-down's end, so payout-service holds what
     * would pay it until then. No mail: the reset's mail told the claimant of the cool-down.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void payoutAddressHeld(ClaimEntity claim, long chainId, String address, Instant heldUntil, Instant now) {
        publish(EventTypes.PAYOUT_ADDRESS_CHANGED, "payout address held after a second-factor reset", claim, now,
                new PayoutAddressChanged()
                        .withClaimId(claim.id)
                        .withIncidentId(claim.incidentId)
                        .withAccountId(claim.accountId)
                        .withChainId(chainId)
                        .withPreviousAddress(address)
                        .withAddress(address)
                        .withEffectiveAt(OffsetDateTime.ofInstant(heldUntil, ZoneOffset.UTC)));
    }

    /** The claimant cancelled a pending change: the earlier address is in force again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void payoutAddressChangeCancelled(ClaimEntity claim, PayoutAddressChange change, Instant now) {
        publish(EventTypes.PAYOUT_ADDRESS_CHANGE_CANCELLED, "payout address change cancelled", claim, now,
                new PayoutAddressChangeCancelled()
                        .withClaimId(claim.id)
                        .withIncidentId(claim.incidentId)
                        .withAccountId(claim.accountId)
                        .withChainId(change.chainId())
                        .withCancelledAddress(change.address())
                        .withAddress(change.previousAddress()));
    }

    /**
     * Appends the event in the claim's trace (a span "claim {@code action}"), so its outbox row carries that trace;
     * returns the event's id.
     */
    private UUID publish(String type, String action, ClaimEntity claim, Instant now, Object payload) {
        UUID eventId = UUID.randomUUID();
        ClaimTrace.inClaimTrace(claim, action, () -> outbox.append(Topics.CLAIMS_CLAIMS,
                codec.wrap(eventId.toString(), type, SOURCE, now, claim.id.toString(), payload), now));
        return eventId;
    }
}

package dev.restitution.claims.notification;

import dev.restitution.claims.notification.domain.NotificationKind;
import dev.restitution.claims.notification.persistence.NotificationStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Queues the mails an effect causes, in the transaction of that effect (like the outbox its event goes through): a
 * decision, a question, a settlement. The key is the event (or question) id and the recipient account, so a
 * redelivered event queues nothing twice. {@link NotificationSender} sends them later, outside the transaction: a
 * mail server that is down delays mail and never blocks or undoes a claim's change.
 */
@ApplicationScoped
public class Notifications {

    /** An amount on one asset line, in its smallest unit. */
    public record Amount(String asset, int decimals, BigInteger minorUnits) {
        Map<String, Object> toParameters() {
            return Map.of("asset", asset, "decimals", decimals, "amountMinorUnits", minorUnits.toString());
        }
    }

    private final NotificationStore store;

    public Notifications(NotificationStore store) {
        this.store = store;
    }

    /**
     * An incident opened its claims: every claimant account with a verified address is mailed, expanded page by page
     * from Keycloak ({@link CampaignExpander}) and sent at the sender's bounded rate.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void claimsOpened(UUID eventId, UUID incidentId, String incidentTitle, java.util.Optional<Instant> claimsDeadline,
                             Instant now) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("incidentId", incidentId.toString());
        parameters.put("incidentTitle", incidentTitle);
        claimsDeadline.ifPresent(deadline -> parameters.put("claimsDeadline", deadline.toString()));
        store.startCampaign(eventId, incidentId, NotificationKind.CLAIMS_OPEN, parameters, now);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void questionAsked(UUID questionId, String accountId, UUID claimId, String question, Instant now) {
        store.enqueue(questionId, accountId, NotificationKind.QUESTION,
                Map.of("claimId", claimId.toString(), "question", question), now);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void claimApproved(UUID eventId, String accountId, UUID claimId, List<Amount> approved, Instant now) {
        if (approved.isEmpty()) {
            throw new IllegalArgumentException("an approval of claim " + claimId + " names no amount");
        }
        store.enqueue(eventId, accountId, NotificationKind.CLAIM_APPROVED,
                Map.of("claimId", claimId.toString(), "lines", approved.stream().map(Amount::toParameters).toList()), now);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void claimRejected(UUID eventId, String accountId, UUID claimId, String reason, Instant now) {
        store.enqueue(eventId, accountId, NotificationKind.CLAIM_REJECTED,
                Map.of("claimId", claimId.toString(), "reason", reason), now);
    }

    /** One mail per account and settlement event, naming every line of it paid in that transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void paymentSent(UUID eventId, String accountId, UUID claimId, List<Amount> paid, long chainId, String txHash,
                            Instant now) {
        if (paid.isEmpty()) {
            throw new IllegalArgumentException("a payment to claim " + claimId + " names no amount");
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("claimId", claimId.toString());
        parameters.put("lines", paid.stream().map(Amount::toParameters).toList());
        parameters.put("chainId", Long.toString(chainId));
        parameters.put("txHash", txHash);
        store.enqueue(eventId, accountId, NotificationKind.PAYMENT_SENT, parameters, now);
    }

    /**
     * A replacing payout address waits out its cool-down: the claimant hears of it at once, with the addresses, when it
     * takes effect and how to cancel it (someone else may have signed in as them).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void payoutAddressChanged(UUID eventId, String accountId, UUID claimId, long chainId, String previousAddress,
                                     String address, Instant effectiveAt, Instant now) {
        store.enqueue(eventId, accountId, NotificationKind.PAYOUT_ADDRESS_CHANGED, Map.of("claimId", claimId.toString(),
                "chainId", Long.toString(chainId), "previousAddress", previousAddress, "address", address,
                "effectiveAt", effectiveAt.toString()), now);
    }

    /**
     * Support removed the account's second factor: the claimant hears of it at once, with the end of the cool-down
     * their payout addresses wait out, and is told to contact support if they did not ask for it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void secondFactorReset(UUID resetId, String accountId, Instant coolDownEndsAt, Instant now) {
        store.enqueue(resetId, accountId, NotificationKind.SECOND_FACTOR_RESET,
                Map.of("coolDownEndsAt", coolDownEndsAt.toString()), now);
    }
}

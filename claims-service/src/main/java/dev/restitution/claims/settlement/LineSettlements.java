package dev.restitution.claims.settlement;

import dev.restitution.claims.audit.ClaimAudit;
import dev.restitution.claims.notification.Notifications;
import dev.restitution.claims.settlement.persistence.LineSettlementStore;
import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.OwnActor;
import dev.restitution.kit.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Ties the ledger's entitlements to claim lines and marks lines paid when a payout batch settles.
 * Each event id is recorded in the transaction of its effect, so a redelivery changes nothing; a broken
 * invariant (unknown line, a line paid above its approved amount) throws, nothing is written and the event
 * goes to the dead-letter topic. Entitlements and settlements arrive on two topics with no order between
 * them, so a settlement naming an entitlement not learnt yet throws {@link EntitlementNotYetLearnt}, writes
 * nothing and is retried by {@code SettlementEventsConsumer} until the entitlement arrives. A settlement queues one
 * mail per claim it pays, with the transaction ({@link Notifications}).
 */
@ApplicationScoped
public class LineSettlements {

    private static final Logger LOG = Logger.getLogger(LineSettlements.class);

    /** One paid entitlement of a settled batch. */
    public record Item(UUID entitlementId, BigInteger amount) {
    }

    /** A settled batch as claims-service needs it. */
    public record Settlement(UUID batchId, long chainId, String txHash, long blockNumber, List<Item> items) {
    }

    private final ProcessedEvents processedEvents;
    private final LineSettlementStore store;
    private final ClaimAudit audit;
    private final Clock clock;
    private final OwnActor own;
    private final Notifications notifications;

    public LineSettlements(ProcessedEvents processedEvents, LineSettlementStore store, ClaimAudit audit,
                           Clock clock, OwnActor own, Notifications notifications) {
        this.own = own;
        this.notifications = notifications;
        this.processedEvents = processedEvents;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * An entitlement as the ledger issued it: which claim line it is for, in which round, how much, of which asset
     * (CAIP-19; absent from events published before asset ids) and to which address it is to be paid.
     */
    public record Learnt(UUID entitlementId, UUID claimId, UUID lineId, UUID roundId, BigInteger amount,
                         Optional<String> assetId, String payoutAddress) {
    }

    /**
     * Learns the entitlements of one event (a page, or one entitlement of a version 1 event) in one
     * transaction with the event id. An entitlement learnt already (a page overlapping an earlier one) is
     * taken once: the repeat is skipped when it names the same line, and refused when it names another.
     */
    @Transactional
    public void learnEntitlements(UUID eventId, String eventType, List<Learnt> entitlements) {
        if (!processedEvents.firstDelivery(eventId, eventType, clock.instant())) {
            LOG.debugf("event %s already processed, ignored", eventId);
            return;
        }
        for (Learnt entitlement : entitlements) {
            learn(eventId, entitlement);
        }
    }

    private void learn(UUID eventId, Learnt entitlement) {
        Optional<UUID> learnt = store.lineOfEntitlement(entitlement.entitlementId());
        if (learnt.isPresent()) {
            if (!learnt.get().equals(entitlement.lineId())) {
                throw new IllegalStateException("entitlement " + entitlement.entitlementId() + " was learnt for line "
                        + learnt.get() + " and arrives again for line " + entitlement.lineId() + " (event " + eventId + ")");
            }
            LOG.debugf("entitlement %s learnt already; event %s repeats it", entitlement.entitlementId(), eventId);
            return;
        }
        if (!store.lineOfClaimExists(entitlement.lineId(), entitlement.claimId())) {
            throw new IllegalStateException("entitlement " + entitlement.entitlementId() + " for unknown line "
                    + entitlement.lineId() + " of claim " + entitlement.claimId() + " (event " + eventId + ")");
        }
        store.insertEntitlement(new LineSettlementStore.Entitlement(entitlement.entitlementId(), entitlement.lineId(),
                entitlement.roundId(), entitlement.amount(), entitlement.assetId(), entitlement.payoutAddress()),
                clock.instant());
    }

    @Transactional
    public void settle(UUID eventId, String eventType, String source, Settlement settlement) {
        Actor actor = own.actor();
        Instant now = clock.instant();
        if (!processedEvents.firstDelivery(eventId, eventType, now)) {
            LOG.debugf("event %s already processed, ignored", eventId);
            return;
        }
        Map<UUID, List<LineSettlementStore.PaidLine>> paidClaims = new LinkedHashMap<>();
        Map<UUID, List<Notifications.Amount>> paidAmounts = new LinkedHashMap<>();
        for (Item item : settlement.items()) {
            LineSettlementStore.PaidLine line = pay(eventId, eventType + " " + eventId + " from " + source, actor,
                    settlement, item, now);
            paidClaims.computeIfAbsent(line.claimId(), claim -> new ArrayList<>()).add(line);
            paidAmounts.computeIfAbsent(line.claimId(), claim -> new ArrayList<>())
                    .add(new Notifications.Amount(line.asset(), line.decimals(), item.amount()));
        }
        paidClaims.forEach((claimId, lines) -> notifications.paymentSent(eventId, lines.getFirst().accountId(), claimId,
                paidAmounts.get(claimId), settlement.chainId(), settlement.txHash(), now));
    }

    private LineSettlementStore.PaidLine pay(UUID eventId, String event, Actor actor, Settlement settlement, Item item, Instant now) {
        Optional<UUID> learnt = store.lineOfEntitlement(item.entitlementId());
        if (learnt.isEmpty()) {
            LOG.infof("settlement event %s waits for entitlement %s, not learnt yet", eventId, item.entitlementId());
            throw new EntitlementNotYetLearnt("settled entitlement " + item.entitlementId()
                    + " is not known yet (event " + eventId + ")");
        }
        UUID lineId = learnt.get();
        LineSettlementStore.PaidLine line = store.lockLine(lineId);
        UUID claimId = line.claimId();
        BigInteger approved = line.approved()
                .orElseThrow(() -> new IllegalStateException("line " + lineId + " paid before it was approved (event "
                        + eventId + ")"));
        BigInteger paidBefore = store.paidOn(lineId);
        BigInteger paidAfter = paidBefore.add(item.amount());
        if (paidAfter.compareTo(approved) > 0) {
            throw new IllegalStateException("line " + lineId + " would be paid " + paidAfter + " above its approved "
                    + approved + " (event " + eventId + ")");
        }
        store.insertPayment(new LineSettlementStore.Payment(settlement.batchId(), item.entitlementId(), lineId,
                settlement.chainId(), settlement.txHash(), settlement.blockNumber(), item.amount(), now));
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("lineId", lineId.toString());
        before.put("asset", line.asset());
        before.put("paidMinorUnits", paidBefore.toString());
        Map<String, Object> after = new LinkedHashMap<>(before);
        after.put("paidMinorUnits", paidAfter.toString());
        after.put("batchId", settlement.batchId().toString());
        after.put("entitlementId", item.entitlementId().toString());
        after.put("txHash", settlement.txHash());
        after.put("blockNumber", settlement.blockNumber());
        after.put("amount", item.amount().toString());
        after.put("event", event);
        audit.append(claimId, actor, now, "LINE_PAID", Optional.of(before), after);
        return line;
    }

    /**
     * A settlement names an entitlement whose EntitlementIssued event has not been consumed yet; expected
     * for a while after a restart or a rebalance, a broken invariant only if it lasts.
     */
    public static final class EntitlementNotYetLearnt extends RuntimeException {
        public EntitlementNotYetLearnt(String message) {
            super(message);
        }
    }
}

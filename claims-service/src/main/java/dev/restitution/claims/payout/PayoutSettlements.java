package dev.restitution.claims.payout;

import dev.restitution.kit.audit.Actor;
import dev.restitution.claims.security.OwnActor;
import dev.restitution.claims.claim.persistence.ClaimAuditLog;
import dev.restitution.kit.messaging.ProcessedEvents;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
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
 * nothing and is retried by {@link PayoutEventsConsumer} until the entitlement arrives.
 */
@ApplicationScoped
public class PayoutSettlements {

    private static final Logger LOG = Logger.getLogger(PayoutSettlements.class);

    /** One paid entitlement of a settled batch. */
    public record Item(UUID entitlementId, BigInteger amount) {
    }

    /** A settled batch as claims-service needs it. */
    public record Settlement(UUID batchId, long chainId, String txHash, long blockNumber, List<Item> items) {
    }

    private final ProcessedEvents processedEvents;
    private final ClaimAuditLog audit;
    private final Clock clock;
    private final OwnActor own;

    public PayoutSettlements(ProcessedEvents processedEvents, ClaimAuditLog audit, Clock clock, OwnActor own) {
        this.own = own;
        this.processedEvents = processedEvents;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public void learnEntitlement(UUID eventId, String eventType, UUID entitlementId, UUID claimId, UUID lineId,
                                 BigInteger amount) {
        if (!processedEvents.firstDelivery(eventId, eventType, clock.instant())) {
            LOG.debugf("event %s already processed, ignored", eventId);
            return;
        }
        EntityManager em = Panache.getEntityManager();
        List<?> line = em.createNativeQuery("select 1 from claim_line where id = :line and claim_id = :claim")
                .setParameter("line", lineId).setParameter("claim", claimId).getResultList();
        if (line.isEmpty()) {
            throw new IllegalStateException("entitlement " + entitlementId + " for unknown line " + lineId
                    + " of claim " + claimId + " (event " + eventId + ")");
        }
        em.createNativeQuery("""
                        insert into line_entitlement (id, claim_line_id, amount, learned_at)
                        values (:id, :line, :amount, :at)""")
                .setParameter("id", entitlementId).setParameter("line", lineId)
                .setParameter("amount", amount).setParameter("at", clock.instant())
                .executeUpdate();
    }

    @Transactional
    public void settle(UUID eventId, String eventType, String source, Settlement settlement) {
        Actor actor = own.actor();
        Instant now = clock.instant();
        if (!processedEvents.firstDelivery(eventId, eventType, now)) {
            LOG.debugf("event %s already processed, ignored", eventId);
            return;
        }
        for (Item item : settlement.items()) {
            pay(eventId, eventType + " " + eventId + " from " + source, actor, settlement, item, now);
        }
    }

    private void pay(UUID eventId, String event, Actor actor, Settlement settlement, Item item, Instant now) {
        EntityManager em = Panache.getEntityManager();
        List<?> lines = em.createNativeQuery("select claim_line_id from line_entitlement where id = :id")
                .setParameter("id", item.entitlementId()).getResultList();
        if (lines.isEmpty()) {
            LOG.infof("settlement event %s waits for entitlement %s, not learnt yet", eventId, item.entitlementId());
            throw new EntitlementNotYetLearnt("settled entitlement " + item.entitlementId()
                    + " is not known yet (event " + eventId + ")");
        }
        UUID lineId = (UUID) lines.getFirst();
        Object[] line = (Object[]) em.createNativeQuery("""
                        select claim_id, approved_amount, asset from claim_line where id = :line for update""")
                .setParameter("line", lineId).getSingleResult();
        UUID claimId = (UUID) line[0];
        BigInteger approved = Optional.ofNullable(line[1]).map(PayoutSettlements::integer)
                .orElseThrow(() -> new IllegalStateException("line " + lineId + " paid before it was approved (event "
                        + eventId + ")"));
        BigInteger paidBefore = integer(em.createNativeQuery(
                        "select coalesce(sum(amount), 0) from line_payment where claim_line_id = :line")
                .setParameter("line", lineId).getSingleResult());
        BigInteger paidAfter = paidBefore.add(item.amount());
        if (paidAfter.compareTo(approved) > 0) {
            throw new IllegalStateException("line " + lineId + " would be paid " + paidAfter + " above its approved "
                    + approved + " (event " + eventId + ")");
        }
        em.createNativeQuery("""
                        insert into line_payment (batch_id, entitlement_id, claim_line_id, chain_id, tx_hash,
                            block_number, amount, settled_at)
                        values (:batch, :entitlement, :line, :chain, :tx, :block, :amount, :at)""")
                .setParameter("batch", settlement.batchId()).setParameter("entitlement", item.entitlementId())
                .setParameter("line", lineId).setParameter("chain", settlement.chainId())
                .setParameter("tx", settlement.txHash()).setParameter("block", settlement.blockNumber())
                .setParameter("amount", item.amount()).setParameter("at", now)
                .executeUpdate();
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("lineId", lineId.toString());
        before.put("asset", line[2]);
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

    private static BigInteger integer(Object column) {
        return switch (column) {
            case BigInteger value -> value;
            case java.math.BigDecimal value -> value.toBigIntegerExact();
            case Number value -> BigInteger.valueOf(value.longValue());
            default -> throw new IllegalStateException("unexpected numeric type " + column.getClass());
        };
    }
}

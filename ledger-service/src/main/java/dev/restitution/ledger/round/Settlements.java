package dev.restitution.ledger.round;

import dev.restitution.ledger.audit.Actor;
import dev.restitution.ledger.audit.AuditLog;
import dev.restitution.ledger.audit.AuditStates;
import dev.restitution.ledger.inbox.ProcessedEvents;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.incident.domain.Incident;
import dev.restitution.ledger.incident.domain.IncidentId;
import dev.restitution.ledger.incident.persistence.IncidentRepository;
import dev.restitution.ledger.recovery.RecoveryLedger;
import dev.restitution.ledger.recovery.domain.Transfer;
import dev.restitution.ledger.recovery.domain.TransferReason;
import dev.restitution.ledger.recovery.persistence.ClaimLineStore;
import dev.restitution.ledger.round.domain.Entitlement;
import dev.restitution.ledger.round.persistence.EntitlementStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Books settled payouts, once per event: each item adds to what was paid on its entitlement and
 * claim line, and per asset one transfer PAID / ENTITLEMENTS, in the transaction that records the
 * event id. Paying more than an entitlement, an unknown entitlement or one of another incident or
 * chain is a broken invariant: nothing is written and the event is parked.
 */
@ApplicationScoped
public class Settlements {

    private static final Logger LOG = Logger.getLogger(Settlements.class);

    private final ProcessedEvents processedEvents;
    private final IncidentRepository incidents;
    private final EntitlementStore entitlements;
    private final ClaimLineStore lines;
    private final RecoveryLedger ledger;
    private final AuditLog audit;
    private final Clock clock;

    public Settlements(ProcessedEvents processedEvents, IncidentRepository incidents, EntitlementStore entitlements,
                       ClaimLineStore lines, RecoveryLedger ledger, AuditLog audit, Clock clock) {
        this.processedEvents = processedEvents;
        this.incidents = incidents;
        this.entitlements = entitlements;
        this.lines = lines;
        this.ledger = ledger;
        this.audit = audit;
        this.clock = clock;
    }

    /** A settled payout batch as ledger-service reads it from PayoutSettled. */
    public record SettledBatch(UUID batchId, UUID incidentId, long chainId, String txHash, long blockNumber,
                               List<Item> items) {
        public SettledBatch {
            Objects.requireNonNull(batchId, "batchId");
            Objects.requireNonNull(txHash, "txHash");
            items = List.copyOf(items);
            if (items.isEmpty()) {
                throw new IllegalArgumentException("a settled batch pays at least one entitlement");
            }
        }
    }

    public record Item(UUID entitlementId, BigInteger amount) {
        public Item {
            Objects.requireNonNull(entitlementId, "entitlementId");
            if (amount.signum() <= 0) {
                throw new IllegalArgumentException("a paid amount is positive, not " + amount);
            }
        }
    }

    @Transactional
    public void bookSettled(UUID eventId, String eventType, String source, SettledBatch batch) {
        Instant now = clock.instant();
        if (!processedEvents.firstDelivery(eventId, eventType, now)) {
            LOG.debugf("event %s already processed, ignored", eventId);
            return;
        }
        Incident incident = incidents.byId(new IncidentId(batch.incidentId())).orElseThrow(() ->
                new IllegalStateException("PayoutSettled " + eventId + " names unknown incident " + batch.incidentId()));
        List<UUID> ids = batch.items().stream().map(Item::entitlementId).toList();
        if (new HashSet<>(ids).size() != ids.size()) {
            throw new IllegalStateException("PayoutSettled " + eventId + " pays an entitlement twice in one batch");
        }
        Map<UUID, Entitlement> found = entitlements.lock(ids);
        Set<String> chainAssets = assetsOnChain(incident, batch.chainId());
        Map<String, BigInteger> paidPerAsset = new TreeMap<>();
        for (Item item : batch.items()) {
            Entitlement entitlement = found.get(item.entitlementId());
            requirePayable(eventId, batch, chainAssets, item, entitlement);
            paidPerAsset.merge(entitlement.asset(), item.amount(), BigInteger::add);
        }
        Actor actor = Actor.event(eventType, eventId, source);
        for (Map.Entry<String, BigInteger> paid : paidPerAsset.entrySet()) {
            RecoveryLedger.LockedAsset books = ledger.lock(batch.incidentId(), paid.getKey());
            for (Item item : batch.items()) {
                Entitlement entitlement = found.get(item.entitlementId());
                if (entitlement.asset().equals(paid.getKey())) {
                    entitlements.addPaid(entitlement.id(), item.amount());
                    lines.addPaid(entitlement.lineId(), item.amount());
                }
            }
            books.post(new Transfer(UUID.randomUUID(), batch.incidentId(), paid.getKey(),
                    TransferReason.PAYOUT_SETTLED.posting(paid.getValue()), TransferReason.PAYOUT_SETTLED,
                    "payout batch " + batch.batchId() + " settled in block " + batch.blockNumber(),
                    Optional.of(batch.txHash()), Optional.empty(), Optional.of(batch.batchId()), Optional.empty(),
                    "payout:" + batch.batchId() + ":" + paid.getKey(), actor.recorded(), now));
        }
        audit.append(actor, "PAYOUT_SETTLED_BOOKED", "PAYOUT_BATCH", batch.batchId().toString(), null,
                AuditStates.json(state(batch, paidPerAsset)), "PayoutSettled event " + eventId);
    }

    private static void requirePayable(UUID eventId, SettledBatch batch, Set<String> chainAssets, Item item,
                                       Entitlement entitlement) {
        String at = "PayoutSettled " + eventId + " item " + item.entitlementId();
        if (entitlement == null) {
            throw new IllegalStateException(at + ": no such entitlement");
        }
        if (!entitlement.incidentId().equals(batch.incidentId()) || !chainAssets.contains(entitlement.asset())) {
            throw new IllegalStateException(at + ": entitlement of incident " + entitlement.incidentId() + " asset "
                    + entitlement.asset() + " is not payable by a batch of incident " + batch.incidentId()
                    + " on chain " + batch.chainId());
        }
        if (item.amount().compareTo(entitlement.unpaid()) > 0) {
            throw new IllegalStateException(at + ": pays " + item.amount() + " but only " + entitlement.unpaid()
                    + " of " + entitlement.amount() + " is unpaid");
        }
    }

    private static Set<String> assetsOnChain(Incident incident, long chainId) {
        Set<String> symbols = new HashSet<>();
        for (AssetSpec asset : incident.assets()) {
            if (asset.chainId() == chainId) {
                symbols.add(asset.symbol());
            }
        }
        return symbols;
    }

    private static Map<String, Object> state(SettledBatch batch, Map<String, BigInteger> paidPerAsset) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("incidentId", batch.incidentId().toString());
        state.put("chainId", batch.chainId());
        state.put("txHash", batch.txHash());
        state.put("blockNumber", batch.blockNumber());
        state.put("items", batch.items().size());
        Map<String, Object> paid = new TreeMap<>();
        paidPerAsset.forEach((asset, amount) -> paid.put(asset, amount.toString()));
        state.put("paid", paid);
        return state;
    }
}

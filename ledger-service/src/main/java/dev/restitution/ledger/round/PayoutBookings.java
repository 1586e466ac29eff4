package dev.restitution.ledger.round;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditStates;
import dev.restitution.kit.audit.OwnActor;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.messaging.ProcessedEvents;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.incident.domain.Incident;
import dev.restitution.ledger.incident.persistence.IncidentRepository;
import dev.restitution.ledger.liability.persistence.ClaimLineStore;
import dev.restitution.ledger.recovery.RecoveryLedger;
import dev.restitution.ledger.recovery.domain.Transfer;
import dev.restitution.ledger.recovery.domain.TransferReason;
import dev.restitution.ledger.recovery.persistence.LedgerStore;
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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Books settled payouts, once per on-chain transaction: each item adds to what was paid on its
 * entitlement and claim line, and per asset one transfer PAID / ENTITLEMENTS, in the transaction
 * that records the event id. One batch may settle in several transactions (one event each, with its
 * own txHash), so a transfer's idempotency key names the batch, the transaction and the asset; an
 * event repeating a transaction already booked (redelivered, or re-sent under another event id)
 * changes nothing. Paying more than an entitlement's unpaid rest, an unknown entitlement or one of
 * another incident or chain is a broken invariant: nothing is written and the event is parked.
 */
@ApplicationScoped
public class PayoutBookings {

    private static final Logger LOG = Logger.getLogger(PayoutBookings.class);

    private final ProcessedEvents processedEvents;
    private final IncidentRepository incidents;
    private final EntitlementStore entitlements;
    private final ClaimLineStore lines;
    private final RecoveryLedger ledger;
    private final LedgerStore transfers;
    private final AuditLog audit;
    private final Clock clock;
    private final OwnActor own;

    public PayoutBookings(ProcessedEvents processedEvents, IncidentRepository incidents, EntitlementStore entitlements,
                          ClaimLineStore lines, RecoveryLedger ledger, LedgerStore transfers, AuditLog audit, Clock clock,
                          OwnActor own) {
        this.own = own;
        this.processedEvents = processedEvents;
        this.incidents = incidents;
        this.entitlements = entitlements;
        this.lines = lines;
        this.ledger = ledger;
        this.transfers = transfers;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A settled payout batch as ledger-service reads it from PayoutSettled; {@code assetId} is the CAIP-19 id
     * of the asset it paid, absent from events published before asset ids.
     */
    public record SettledBatch(UUID batchId, UUID incidentId, long chainId, Optional<String> assetId, String txHash,
                               long blockNumber, List<Item> items) {
        public SettledBatch {
            Objects.requireNonNull(batchId, "batchId");
            Objects.requireNonNull(assetId, "assetId");
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
        Map<String, BigInteger> paidPerAsset = new TreeMap<>();
        for (Item item : batch.items()) {
            Entitlement entitlement = found.get(item.entitlementId());
            if (entitlement == null) {
                throw new IllegalStateException("PayoutSettled " + eventId + " item " + item.entitlementId()
                        + ": no such entitlement");
            }
            paidPerAsset.merge(entitlement.asset(), item.amount(), BigInteger::add);
        }
        if (alreadyBooked(eventId, batch, paidPerAsset)) {
            return;
        }
        Set<String> chainAssets = new HashSet<>(assetsOnChain(incident, batch.chainId()));
        batch.assetId().ifPresent(assetId -> chainAssets.removeIf(symbol -> incident.assets().stream()
                .noneMatch(asset -> asset.symbol().equals(symbol) && asset.assetId().toString().equals(assetId))));
        for (Item item : batch.items()) {
            requirePayable(eventId, batch, chainAssets, item, found.get(item.entitlementId()));
        }
        Actor actor = own.actor();
        for (Map.Entry<String, BigInteger> paid : paidPerAsset.entrySet()) {
            RecoveryLedger.LockedAsset books = ledger.lock(batch.incidentId(), paid.getKey());
            for (Item item : batch.items()) {
                Entitlement entitlement = found.get(item.entitlementId());
                if (entitlement.asset().equals(paid.getKey())) {
                    entitlements.addPaid(entitlement.id().value(), item.amount());
                    lines.addPaid(entitlement.lineId().value(), item.amount());
                }
            }
            books.post(new Transfer(UUID.randomUUID(), batch.incidentId(), paid.getKey(),
                    TransferReason.PAYOUT_SETTLED.posting(paid.getValue()), TransferReason.PAYOUT_SETTLED,
                    "payout batch " + batch.batchId() + " settled in block " + batch.blockNumber(),
                    Optional.of(batch.txHash()), Optional.empty(), Optional.of(batch.batchId()), Optional.empty(),
                    settlementKey(batch, paid.getKey()), actor.text(), now));
        }
        audit.append(actor, "PAYOUT_SETTLED_BOOKED", "PAYOUT_BATCH", batch.batchId().toString(), null,
                AuditStates.json(state(batch, paidPerAsset)), eventType + " event " + eventId + " from " + source);
    }

    /** One transfer per batch, transaction and asset: the batch's other transactions book under keys of their own. */
    static String settlementKey(SettledBatch batch, String asset) {
        return "payout:" + batch.batchId() + ":" + batch.txHash().toLowerCase(Locale.ROOT) + ":" + asset;
    }

    /**
     * Whether the transaction of {@code batch} was booked by an earlier event, entirely and with the
     * same amounts (then this event changes nothing); a partial or different earlier booking of the
     * same transaction is a broken invariant.
     */
    private boolean alreadyBooked(UUID eventId, SettledBatch batch, Map<String, BigInteger> paidPerAsset) {
        Map<String, BigInteger> booked = new TreeMap<>();
        for (String asset : paidPerAsset.keySet()) {
            transfers.byIdempotencyKey(settlementKey(batch, asset))
                    .ifPresent(earlier -> booked.put(asset, earlier.posting().amount()));
        }
        if (booked.isEmpty()) {
            return false;
        }
        if (!booked.equals(paidPerAsset)) {
            throw new IllegalStateException("PayoutSettled " + eventId + " says transaction " + batch.txHash()
                    + " of batch " + batch.batchId() + " paid " + paidPerAsset + " but it was booked as " + booked);
        }
        LOG.infof("transaction %s of batch %s was booked by an earlier event; PayoutSettled %s changes nothing",
                batch.txHash(), batch.batchId(), eventId);
        return true;
    }

    private static void requirePayable(UUID eventId, SettledBatch batch, Set<String> chainAssets, Item item,
                                       Entitlement entitlement) {
        String at = "PayoutSettled " + eventId + " item " + item.entitlementId();
        if (!entitlement.incidentId().value().equals(batch.incidentId()) || !chainAssets.contains(entitlement.asset())) {
            throw new IllegalStateException(at + ": entitlement of incident " + entitlement.incidentId() + " asset "
                    + entitlement.asset() + " is not payable by a batch of incident " + batch.incidentId()
                    + " on chain " + batch.chainId() + batch.assetId().map(id -> " of asset " + id).orElse(""));
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

package dev.restitution.ledger.liability;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditStates;
import dev.restitution.kit.audit.OwnActor;
import dev.restitution.kit.id.ClaimId;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.id.LineId;
import dev.restitution.kit.messaging.ProcessedEvents;
import dev.restitution.kit.tracing.SpanAttributes;
import dev.restitution.kit.tracing.TraceParent;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.incident.domain.Incident;
import dev.restitution.ledger.incident.persistence.IncidentRepository;
import dev.restitution.ledger.liability.domain.ClaimLine;
import dev.restitution.ledger.liability.persistence.ClaimLineStore;
import dev.restitution.ledger.recovery.RecoveryLedger;
import dev.restitution.ledger.recovery.domain.Transfer;
import dev.restitution.ledger.recovery.domain.TransferReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Books approved claims as liabilities, once per event: each line becomes a claim line and a
 * transfer LOSS / CLAIM_LIABILITIES, in the transaction that records the event id.
 */
@ApplicationScoped
public class ClaimLiabilities {

    private static final Logger LOG = Logger.getLogger(ClaimLiabilities.class);
    /** The span in which a claim's lines are booked, in the claim's trace. */
    static final String BOOKING_SPAN = "ledger book claim";

    private final ProcessedEvents processedEvents;
    private final IncidentRepository incidents;
    private final ClaimLineStore lines;
    private final RecoveryLedger ledger;
    private final AuditLog audit;
    private final Clock clock;
    private final OwnActor own;

    public ClaimLiabilities(ProcessedEvents processedEvents, IncidentRepository incidents, ClaimLineStore lines,
                            RecoveryLedger ledger, AuditLog audit, Clock clock, OwnActor own) {
        this.own = own;
        this.processedEvents = processedEvents;
        this.incidents = incidents;
        this.lines = lines;
        this.ledger = ledger;
        this.audit = audit;
        this.clock = clock;
    }

    /** An approved claim as ledger-service reads it from ClaimApproved. */
    /**
     * An approved claim; {@code assetIds} holds the CAIP-19 id the event named for a line (by line id),
     * absent for events published before asset ids.
     */
    public record ApprovedClaim(ClaimId claimId, IncidentId incidentId, String accountId, List<ClaimLine> lines,
                                Map<LineId, String> assetIds) {
        public ApprovedClaim {
            lines = List.copyOf(lines);
            assetIds = Map.copyOf(assetIds);
            if (lines.isEmpty()) {
                throw new IllegalArgumentException("an approved claim has at least one line");
            }
        }
    }

    /**
     * Takes in one ClaimApproved event exactly once.
     *
     * @throws IllegalStateException when the claim cannot be booked (unknown incident or asset, a line
     *     approved before): nothing is written and the event is parked for a person to look at
     */
    @Transactional
    public void bookApproved(UUID eventId, String eventType, String source, ApprovedClaim claim) {
        // In the claim's trace (the consumer continues the event's): a span of its own that the lines keep, so the
        // entitlements issued for them later carry the claim's trace on to the payout.
        Optional<TraceParent> consumed = TraceParent.current();
        if (consumed.isEmpty()) {
            book(eventId, eventType, source, claim, Optional.empty());
            return;
        }
        consumed.get().inChildSpan(BOOKING_SPAN, SpanAttributes.claim(claim.claimId().value(), claim.incidentId().value()),
                () -> {
                    book(eventId, eventType, source, claim, TraceParent.current().map(TraceParent::value));
                    return null;
                });
    }

    private void book(UUID eventId, String eventType, String source, ApprovedClaim claim, Optional<String> traceParent) {
        Instant now = clock.instant();
        if (!processedEvents.firstDelivery(eventId, eventType, now)) {
            LOG.debugf("event %s already processed, ignored", eventId);
            return;
        }
        Incident incident = incidents.byId(claim.incidentId()).orElseThrow(() ->
                new IllegalStateException("ClaimApproved " + eventId + " names unknown incident " + claim.incidentId()));
        Map<String, String> assets = incident.assets().stream()
                .collect(Collectors.toMap(AssetSpec::symbol, asset -> asset.assetId().toString()));
        Actor actor = own.actor();
        Map<String, RecoveryLedger.LockedAsset> locked = new HashMap<>();
        List<ClaimLine> ordered = claim.lines().stream()
                .sorted(Comparator.comparing(ClaimLine::asset).thenComparing(line -> line.lineId().value())).toList();
        for (ClaimLine line : ordered) {
            if (!assets.containsKey(line.asset())) {
                throw new IllegalStateException("ClaimApproved " + eventId + " line " + line.lineId()
                        + " names asset " + line.asset() + " that incident " + claim.incidentId() + " does not have");
            }
            String named = claim.assetIds().get(line.lineId());
            if (named != null && !named.equals(assets.get(line.asset()))) {
                throw new IllegalStateException("ClaimApproved " + eventId + " line " + line.lineId() + " names asset "
                        + line.asset() + " as " + named + ", incident " + claim.incidentId() + " declared it as "
                        + assets.get(line.asset()));
            }
            if (!lines.insert(line, now, eventId, traceParent)) {
                throw new IllegalStateException("claim line " + line.lineId() + " was approved before; event " + eventId
                        + " approves it again");
            }
            RecoveryLedger.LockedAsset books = locked.computeIfAbsent(line.asset(),
                    asset -> ledger.lock(claim.incidentId().value(), asset));
            books.post(new Transfer(UUID.randomUUID(), claim.incidentId().value(), line.asset(),
                    TransferReason.CLAIM_APPROVED.posting(line.approved()), TransferReason.CLAIM_APPROVED,
                    "claim " + claim.claimId() + " approved", Optional.empty(), Optional.empty(),
                    Optional.of(line.lineId().value()), Optional.empty(), "claim-line:" + line.lineId(), actor.text(), now));
        }
        audit.append(actor, "CLAIM_LIABILITIES_BOOKED", "CLAIM", claim.claimId().toString(), null,
                AuditStates.json(state(claim)), eventType + " event " + eventId + " from " + source);
    }

    private static Map<String, Object> state(ApprovedClaim claim) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("incidentId", claim.incidentId().toString());
        state.put("accountId", claim.accountId());
        state.put("lines", claim.lines().stream().map(line -> Map.of(
                "lineId", line.lineId().toString(),
                "asset", line.asset(),
                "approved", line.approved().toString(),
                "payoutAddress", line.payoutAddress())).toList());
        return state;
    }
}

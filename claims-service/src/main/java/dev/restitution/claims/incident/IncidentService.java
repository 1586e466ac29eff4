package dev.restitution.claims.incident;

import dev.restitution.claims.claim.ledger.LedgerSnapshots;
import dev.restitution.kit.messaging.ProcessedEvents;
import dev.restitution.claims.incident.domain.ClaimableIncident;
import dev.restitution.claims.incident.domain.IncidentState;
import dev.restitution.claims.incident.persistence.IncidentRepository;
import dev.restitution.claims.incident.persistence.SealedSnapshots;
import jakarta.enterprise.context.ApplicationScoped;
import dev.restitution.claims.notification.Notifications;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

/** Incidents claims-service learns from the ledger, and the list claimants see. */
@ApplicationScoped
public class IncidentService {

    private static final Logger LOG = Logger.getLogger(IncidentService.class);
    /**
     * A claimant's list is chosen from at most this many incidents open for claims or later, newest cutoff first
     * (one ledger question each); an exchange rarely has more than a handful.
     */
    static final int CLAIMANT_CANDIDATES = 200;

    private final IncidentRepository incidents;
    private final SealedSnapshots sealedSnapshots;
    private final ProcessedEvents processedEvents;
    private final Notifications notifications;
    private final LedgerSnapshots ledger;
    private final Clock clock;
    private final Map<UUID, UUID> sealedImports = new ConcurrentHashMap<>();

    public IncidentService(IncidentRepository incidents, SealedSnapshots sealedSnapshots,
                           ProcessedEvents processedEvents, LedgerSnapshots ledger, Clock clock,
                           Notifications notifications) {
        this.notifications = notifications;
        this.incidents = incidents;
        this.sealedSnapshots = sealedSnapshots;
        this.processedEvents = processedEvents;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * Takes in one IncidentDeclared event exactly once: the event id and the incident are written in
     * one transaction, and a redelivered id changes nothing.
     */
    @Transactional
    public void learnDeclared(UUID eventId, String eventType, ClaimableIncident incident) {
        if (!processedEvents.firstDelivery(eventId, eventType, clock.instant())) {
            LOG.debugf("event %s already processed, ignored", eventId);
            return;
        }
        if (incidents.exists(incident.id())) {
            // A second event id for one incident means the ledger broke its own rule: stop loudly.
            throw new IllegalStateException("incident " + incident.id() + " declared twice (event " + eventId + ")");
        }
        incidents.add(incident, clock.instant());
    }

    /**
     * Takes in one SnapshotSealed event exactly once. A seal of an incident never declared, or a second
     * seal, means the ledger broke its own rules: the event is refused loudly (dead-letter topic).
     */
    @Transactional
    public void learnSealed(UUID eventId, String eventType, UUID incidentId, UUID importId, String merkleRoot,
                            Instant sealedAt) {
        if (!processedEvents.firstDelivery(eventId, eventType, clock.instant())) {
            LOG.debugf("event %s already processed, ignored", eventId);
            return;
        }
        if (!incidents.exists(incidentId)) {
            throw new IllegalStateException("snapshot of unknown incident " + incidentId + " sealed (event " + eventId + ")");
        }
        if (sealedSnapshots.importOf(incidentId).isPresent()) {
            throw new IllegalStateException("snapshot of incident " + incidentId + " sealed twice (event " + eventId + ")");
        }
        sealedSnapshots.add(incidentId, importId, merkleRoot, sealedAt, clock.instant());
        // The seal's own IncidentStateChanged may come before or after this event; either order ends sealed.
        incidents.moveForward(incidentId, IncidentState.SNAPSHOT_SEALED, Optional.empty(), sealedAt);
    }

    /**
     * Takes in one IncidentStateChanged event exactly once. Incidents only move forward, so an event
     * behind the known state (stale or reordered) is recorded and changes nothing; a move of an unknown
     * incident means the ledger broke its own rules and is refused loudly (dead-letter topic).
     */
    @Transactional
    public void learnStateChanged(UUID eventId, String eventType, UUID incidentId, IncidentState state,
                                  Optional<Instant> claimsDeadline, Instant changedAt) {
        if (!processedEvents.firstDelivery(eventId, eventType, clock.instant())) {
            LOG.debugf("event %s already processed, ignored", eventId);
            return;
        }
        if (!incidents.exists(incidentId)) {
            throw new IllegalStateException("state change of unknown incident " + incidentId + " (event " + eventId + ")");
        }
        if (!incidents.moveForward(incidentId, state, claimsDeadline, changedAt)) {
            LOG.infof("incident %s already at or past %s; event %s changes nothing", incidentId, state, eventId);
        } else if (state == IncidentState.CLAIMS_OPEN) {
            notifications.claimsOpened(eventId, incidentId, incidents.find(incidentId).orElseThrow().title(), claimsDeadline,
                    clock.instant());
        }
    }

    /** The incident's assets, if claims-service knows the incident. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ClaimableIncident> find(UUID incidentId) {
        return incidents.find(incidentId);
    }

    /**
     * The import id of the incident's sealed snapshot, if it is sealed. A seal never changes (a second one
     * is refused), so an import once read is kept and every later claim of the incident skips the query.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<UUID> sealedImport(UUID incidentId) {
        UUID known = sealedImports.get(incidentId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<UUID> sealed = sealedSnapshots.importOf(incidentId);
        sealed.ifPresent(importId -> sealedImports.put(incidentId, importId));
        return sealed;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page page(int offset, int limit) {
        return new Page(incidents.page(offset, limit), incidents.count());
    }

    /**
     * The incidents the calling claimant can act on: open for claims or later, and holding rows of their account in
     * the sealed snapshot, which the ledger (the system of record, asked with the claimant's own token) says. An
     * incident the ledger cannot answer for right now is left out rather than shown to someone it may not concern.
     */
    public Page claimantPage(int offset, int limit) {
        List<ClaimableIncident> actionable = incidents.atLeast(IncidentState.CLAIMS_OPEN, CLAIMANT_CANDIDATES).stream()
                .filter(this::callerHoldsRows).toList();
        int from = Math.min(offset, actionable.size());
        return new Page(actionable.subList(from, Math.min(from + limit, actionable.size())), actionable.size());
    }

    private boolean callerHoldsRows(ClaimableIncident incident) {
        try {
            return ledger.callerHoldsRows(incident.id());
        } catch (LedgerSnapshots.LedgerUnavailable | TimeoutException unanswered) {
            LOG.warnf("incident %s left out of a claimant's list: the ledger did not answer (%s)", incident.id(),
                    unanswered.getMessage());
            return false;
        }
    }

    public record Page(List<ClaimableIncident> items, long total) {
    }
}

package dev.restitution.claims.incident;

import dev.restitution.claims.inbox.ProcessedEvents;
import dev.restitution.claims.incident.domain.ClaimableIncident;
import dev.restitution.claims.incident.persistence.IncidentRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Incidents claims-service learns from the ledger, and the list claimants see. */
@ApplicationScoped
public class IncidentService {

    private static final Logger LOG = Logger.getLogger(IncidentService.class);

    private final IncidentRepository incidents;
    private final ProcessedEvents processedEvents;
    private final Clock clock;

    public IncidentService(IncidentRepository incidents, ProcessedEvents processedEvents, Clock clock) {
        this.incidents = incidents;
        this.processedEvents = processedEvents;
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

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page page(int offset, int limit) {
        return new Page(incidents.page(offset, limit), incidents.count());
    }

    public record Page(List<ClaimableIncident> items, long total) {
    }
}

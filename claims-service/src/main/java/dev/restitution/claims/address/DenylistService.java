package dev.restitution.claims.address;

import dev.restitution.kit.audit.Actor;
import dev.restitution.claims.incident.ledger.IncidentBehind;
import dev.restitution.claims.incident.IncidentService;
import dev.restitution.kit.chain.Eip55;
import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** incident-admins keep each incident's denylist; payout address proofs consult it. */
@ApplicationScoped
public class DenylistService {

    private final Denylist denylist;
    private final IncidentService incidents;
    private final Clock clock;

    public DenylistService(Denylist denylist, IncidentService incidents, Clock clock) {
        this.denylist = denylist;
        this.incidents = incidents;
        this.clock = clock;
    }

    @Transactional
    public Denylist.Entry add(UUID incidentId, String address, String reason, Actor addedBy) {
        Eip55.problemWith(address).ifPresent(problem ->
                { throw ProblemException.invalid(List.of(new FieldViolation("address", problem))); });
        requireIncident(incidentId);
        Denylist.Entry entry = new Denylist.Entry(address, reason, addedBy, clock.instant());
        if (!denylist.add(incidentId, entry)) {
            throw ProblemException.conflict("already-denylisted", "The address is already on the incident's denylist.");
        }
        return entry;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Denylist.Page page(UUID incidentId, int offset, int limit) {
        requireIncident(incidentId);
        return denylist.page(incidentId, offset, limit);
    }

    private void requireIncident(UUID incidentId) {
        if (incidents.find(incidentId).isEmpty()) {
            throw IncidentBehind.unknown(incidentId);
        }
    }
}

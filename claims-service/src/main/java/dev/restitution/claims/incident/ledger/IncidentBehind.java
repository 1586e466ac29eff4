package dev.restitution.claims.incident.ledger;

import dev.restitution.claims.incident.domain.IncidentState;
import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import java.util.Objects;
import java.util.UUID;

/**
 * A refusal because claims-service does not know an incident, or not yet in the state a request
 * needs, while it learns incidents from the ledger's events asynchronously. Before it is answered,
 * {@link IncidentHandOffMapper} asks the ledger: when the ledger already has the incident in that
 * state, the hand-off is in progress (503, retry shortly); otherwise this problem stands.
 */
public final class IncidentBehind extends ProblemException {

    private final UUID incidentId;
    private final IncidentState needed;

    private IncidentBehind(UUID incidentId, IncidentState needed, ProblemDetails problem) {
        super(problem);
        this.incidentId = Objects.requireNonNull(incidentId, "incidentId");
        this.needed = Objects.requireNonNull(needed, "needed");
    }

    /** claims-service has never heard of the incident: 404 unless the ledger has it. */
    public static IncidentBehind unknown(UUID incidentId) {
        return new IncidentBehind(incidentId, IncidentState.DECLARED,
                ProblemException.notFound("incident " + incidentId).problem());
    }

    /** claims-service knows the incident in an earlier state than {@code needed}: {@code refusal} unless the ledger is there. */
    public static IncidentBehind before(UUID incidentId, IncidentState needed, ProblemException refusal) {
        return new IncidentBehind(incidentId, needed, refusal.problem());
    }

    public UUID incidentId() {
        return incidentId;
    }

    public IncidentState needed() {
        return needed;
    }
}

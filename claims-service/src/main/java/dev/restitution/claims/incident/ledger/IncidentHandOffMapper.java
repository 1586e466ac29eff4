package dev.restitution.claims.incident.ledger;

import dev.restitution.claims.claim.ledger.LedgerSnapshots.LedgerUnavailable;
import dev.restitution.claims.claim.ledger.LedgerUnavailableMapper;
import dev.restitution.claims.incident.domain.IncidentState;
import dev.restitution.kit.problem.ProblemDetails;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Answers {@link IncidentBehind} after asking the ledger, once the request's transaction is over:
 * 503 with Retry-After and the problem type {@value #HAND_OFF_TYPE} when the ledger already has the
 * incident in the state the request needs (its event is on its way to claims-service), else the
 * refusal claims-service made (404 unknown incident, 409 not open or not sealed yet).
 */
@Provider
public class IncidentHandOffMapper implements ExceptionMapper<IncidentBehind> {

    public static final String HAND_OFF_TYPE = ProblemDetails.TYPE_PREFIX + "incident-handoff-pending";
    /** The ledger's incident events usually reach claims-service well within a second; see docs/integrators.md. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private static final Logger LOG = Logger.getLogger(IncidentHandOffMapper.class);

    private final LedgerIncidents ledger;

    public IncidentHandOffMapper(LedgerIncidents ledger) {
        this.ledger = ledger;
    }

    @Override
    public Response toResponse(IncidentBehind behind) {
        Optional<IncidentState> atLedger;
        try {
            atLedger = ledger.stateAtLedger(behind.incidentId());
        } catch (LedgerUnavailable | TimeoutException unanswered) {
            LOG.warnf("could not ask the ledger about incident %s: %s", behind.incidentId(), unanswered.getMessage());
            return LedgerUnavailableMapper.unavailable();
        }
        if (atLedger.isEmpty() || !atLedger.get().atLeast(behind.needed())) {
            return behind.problem().toResponse();
        }
        ProblemDetails pending = ProblemDetails.of("incident-handoff-pending", "Hand-off in progress", 503,
                "Incident " + behind.incidentId() + " is " + atLedger.get() + " at ledger-service, but claims-service "
                        + "has not received that from the ledger's events yet (usually within a second). Nothing was "
                        + "written; retry after " + RETRY_AFTER_SECONDS + " seconds.");
        return Response.fromResponse(pending.toResponse()).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }
}

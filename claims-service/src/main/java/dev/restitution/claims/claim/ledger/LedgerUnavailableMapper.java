package dev.restitution.claims.claim.ledger;

import dev.restitution.kit.problem.ProblemDetails;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

/** The ledger stayed unavailable after the bounded retries: a 503 problem, nothing written. */
@Provider
public class LedgerUnavailableMapper implements ExceptionMapper<LedgerSnapshots.LedgerUnavailable> {

    private static final Logger LOG = Logger.getLogger(LedgerUnavailableMapper.class);

    @Override
    public Response toResponse(LedgerSnapshots.LedgerUnavailable exception) {
        LOG.warnf("ledger unavailable: %s", exception.getMessage());
        return unavailable();
    }

    public static Response unavailable() {
        return Response.fromResponse(ProblemDetails.of("ledger-unavailable", "Ledger unavailable", 503,
                        "The ledger did not answer; nothing was written. Try again in a minute.").toResponse())
                .header("Retry-After", "60").build();
    }

    /** The attempt's overall time limit ran out: the same answer. */
    @Provider
    public static class Timeouts implements ExceptionMapper<TimeoutException> {
        @Override
        public Response toResponse(TimeoutException exception) {
            LOG.warnf("ledger call timed out: %s", exception.getMessage());
            return unavailable();
        }
    }
}

package dev.restitution.claims.secondfactor.api;

import dev.restitution.claims.secondfactor.keycloak.KeycloakSecondFactors;
import dev.restitution.kit.problem.ProblemDetails;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** Keycloak's admin API did not answer a second-factor reset: a 503 problem, nothing recorded, retry later. */
@Provider
public class KeycloakUnavailableMapper implements ExceptionMapper<KeycloakSecondFactors.Unreachable> {

    private static final Logger LOG = Logger.getLogger(KeycloakUnavailableMapper.class);
    private static final String RETRY_AFTER_SECONDS = "30";

    @Override
    public Response toResponse(KeycloakSecondFactors.Unreachable exception) {
        LOG.warnf("Keycloak unavailable for a second-factor reset: %s", exception.getMessage());
        return Response.fromResponse(ProblemDetails.of("keycloak-unavailable", "Keycloak unavailable", 503,
                        "Keycloak's admin API did not answer; the second factor was not reset and nothing was recorded. "
                                + "Approve again in a minute.").toResponse())
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
    }
}

package dev.restitution.claims.secondfactor.api;

import dev.restitution.claims.secondfactor.SecondFactorResets;
import dev.restitution.kit.problem.ProblemDetails;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Keycloak's admin API failed a second-factor reset's approval: a 503 problem whose detail says whether the approval
 * is recorded (its removal then pending) or nothing is; approving again later finishes either way.
 */
@Provider
public class KeycloakUnavailableMapper implements ExceptionMapper<SecondFactorResets.KeycloakUnavailable> {

    private static final String RETRY_AFTER_SECONDS = "30";

    @Override
    public Response toResponse(SecondFactorResets.KeycloakUnavailable exception) {
        return Response.fromResponse(ProblemDetails.of("keycloak-unavailable", "Keycloak unavailable", 503,
                        exception.getMessage()).toResponse())
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
    }
}

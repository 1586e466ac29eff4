package dev.restitution.payout.batch.api;

import dev.restitution.contracts.problem.FieldViolation;
import dev.restitution.contracts.problem.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks the id filters of this service's queries ({@code incidentId} and {@code batchId}, both UUIDs in
 * payout.yaml) before the request reaches a resource. JAX-RS answers a query parameter it cannot convert with
 * 404, as if nothing matched; a malformed id is a bad request instead: 400 problem naming the parameter.
 */
public class IdQueryParameters {

    private static final List<String> IDS = List.of("incidentId", "batchId");
    /** The 8-4-4-4-12 hex form only: {@link java.util.UUID#fromString} would also take {@code 1-2-3-4-5}. */
    private static final Pattern CANONICAL =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> malformedIds(ContainerRequestContext request) {
        List<FieldViolation> malformed = IDS.stream()
                .filter(name -> request.getUriInfo().getQueryParameters().getOrDefault(name, List.of()).stream()
                        .anyMatch(value -> !CANONICAL.matcher(value).matches()))
                .map(name -> new FieldViolation(name, "must be a UUID"))
                .toList();
        return malformed.isEmpty() ? Optional.empty() : Optional.of(ProblemException.invalid(malformed).problem().toResponse());
    }
}

package dev.restitution.portal.transparency;

import dev.restitution.contracts.ledger.client.ApiException;
import dev.restitution.contracts.ledger.client.ApiExceptionMapper;
import dev.restitution.contracts.ledger.model.PublicIncident;
import dev.restitution.contracts.ledger.model.PublicIncidentPage;
import dev.restitution.contracts.ledger.model.PublicRoundPage;
import io.quarkus.oidc.client.reactive.filter.OidcClientRequestReactiveFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * ledger-service's public read models (the operations tagged {@code public} in contracts/openapi/ledger.yaml), called
 * with the portal's own service-account token (client credentials), never a person's. The generated client of those
 * operations shares the config key {@code ledger}, whose calls carry the signed-in person's token; this one has a key
 * of its own, so the two can never be mixed up by configuration.
 */
@RegisterRestClient(configKey = "ledger-public")
@RegisterProvider(OidcClientRequestReactiveFilter.class)
@RegisterProvider(ApiExceptionMapper.class)
@Path("/public/incidents")
@Produces({"application/json", "application/problem+json"})
public interface LedgerPublicReads {

    @GET
    PublicIncidentPage listPublicIncidents(@QueryParam("limit") int limit, @QueryParam("offset") int offset)
            throws ApiException;

    @GET
    @Path("/{incidentId}")
    PublicIncident getPublicIncident(@PathParam("incidentId") UUID incidentId) throws ApiException;

    @GET
    @Path("/{incidentId}/rounds")
    PublicRoundPage listPublicRounds(@PathParam("incidentId") UUID incidentId, @QueryParam("limit") int limit,
                                     @QueryParam("offset") int offset) throws ApiException;
}

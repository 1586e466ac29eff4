package dev.restitution.portal.transparency;

import dev.restitution.contracts.payout.client.ApiException;
import dev.restitution.contracts.payout.client.ApiExceptionMapper;
import dev.restitution.contracts.payout.model.PublicPayoutPage;
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
 * payout-service's public read model (operation {@code listPublicPayouts} of contracts/openapi/payout.yaml), called
 * with the portal's own service-account token, never a person's (see {@link LedgerPublicReads}).
 */
@RegisterRestClient(configKey = "payout-public")
@RegisterProvider(OidcClientRequestReactiveFilter.class)
@RegisterProvider(ApiExceptionMapper.class)
@Path("/public/incidents")
@Produces({"application/json", "application/problem+json"})
public interface PayoutPublicReads {

    @GET
    @Path("/{incidentId}/payouts")
    PublicPayoutPage listPublicPayouts(@PathParam("incidentId") UUID incidentId, @QueryParam("limit") int limit,
                                       @QueryParam("offset") int offset) throws ApiException;
}

package dev.restitution.portal.web;

import dev.restitution.contracts.claims.client.IncidentsApi;
import dev.restitution.contracts.claims.model.ClaimableIncident;
import dev.restitution.contracts.ledger.model.Incident;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The start page: what the signed-in person can do, by role, with the incidents they can reach. */
@Path("/")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class HomePage {

    /** The start page lists at most this many incidents; an exchange rarely has more than a handful. */
    static final int INCIDENT_LIMIT = 50;

    private final PortalUser user;
    private final IncidentsApi claimableIncidents;
    private final dev.restitution.contracts.ledger.client.IncidentsApi ledgerIncidents;
    private final Template home;
    private final Template signedOut;

    public HomePage(PortalUser user, @RestClient IncidentsApi claimableIncidents,
            @RestClient dev.restitution.contracts.ledger.client.IncidentsApi ledgerIncidents,
            @Location("home.html") Template home, @Location("signed-out.html") Template signedOut) {
        this.user = user;
        this.claimableIncidents = claimableIncidents;
        this.ledgerIncidents = ledgerIncidents;
        this.home = home;
        this.signedOut = signedOut;
    }

    @GET
    public TemplateInstance start() {
        List<ClaimableIncident> claimable = user.isClaimant()
                ? ServiceCalls.claims(() -> claimableIncidents.listIncidents(INCIDENT_LIMIT, 0)).getItems()
                : List.of();
        List<Incident> incidents = user.isLedgerReader() || user.isSupport() || user.has(PortalUser.INCIDENT_ADMIN)
                ? ServiceCalls.ledger(() -> ledgerIncidents.listIncidents(INCIDENT_LIMIT, 0)).getItems()
                : List.of();
        return home.data("claimable", claimable).data("incidents", incidents);
    }

    @GET
    @Path("signed-out")
    public TemplateInstance signedOut() {
        return signedOut.instance();
    }
}

package dev.restitution.portal.support;

import dev.restitution.contracts.claims.client.AddressChangesApi;
import dev.restitution.portal.web.PortalUser;
import dev.restitution.portal.web.ServiceCalls;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Support's view of payout addresses waiting out their cool-down, soonest effective first: a claimant who calls
 * because they got a mail about a change they did not make is found here, with the earlier address still in force.
 * Only claims-service's answer is shown (support roles and auditors); the claimant cancels on their claim page.
 */
@Path("/support/address-changes")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class AddressChangePages {

    /** One page of the soonest: a cool-down lasts days, so this many pending at once already calls for more hands. */
    private static final int PAGE_SIZE = 200;

    private final PortalUser user;
    private final AddressChangesApi changes;
    private final Template page;

    public AddressChangePages(PortalUser user, @RestClient AddressChangesApi changes,
            @Location("support/address-changes.html") Template page) {
        this.user = user;
        this.changes = changes;
        this.page = page;
    }

    @GET
    public TemplateInstance list() {
        SupportPages.requireSupport(user);
        return page.data("changes", ServiceCalls.claims(() -> changes.listPayoutAddressChanges("PENDING", null, PAGE_SIZE, 0)));
    }
}

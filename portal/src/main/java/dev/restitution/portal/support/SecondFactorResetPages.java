package dev.restitution.portal.support;

import dev.restitution.contracts.claims.client.SecondFactorResetsApi;
import dev.restitution.contracts.claims.model.SecondFactorReset;
import dev.restitution.contracts.claims.model.SecondFactorResetRequest;
import dev.restitution.portal.web.PortalUser;
import dev.restitution.portal.web.ServiceCalls;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Support's page of second-factor resets: those waiting for a second support lead, with approve and reject buttons,
 * and approved ones still in their cool-down; a support lead requests one for a claimant account. claims-service
 * decides every action (support leads only, never the requester's own decision); the portal shows its answer.
 */
@Path("/support/second-factor-resets")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class SecondFactorResetPages {

    private static final URI PAGE = URI.create("/support/second-factor-resets");

    private final PortalUser user;
    private final SecondFactorResetsApi resets;
    private final Template page;

    public SecondFactorResetPages(PortalUser user, @RestClient SecondFactorResetsApi resets,
            @Location("support/second-factor-resets.html") Template page) {
        this.user = user;
        this.resets = resets;
        this.page = page;
    }

    @GET
    public TemplateInstance list() {
        SupportPages.requireSupport(user);
        List<SecondFactorReset> items = ServiceCalls.claims(resets::listSecondFactorResets).getItems();
        return page.data("waiting", items.stream().filter(item -> item.getState() == SecondFactorReset.StateEnum.REQUESTED).toList())
                .data("coolingDown", items.stream().filter(item -> item.getState() == SecondFactorReset.StateEnum.APPROVED).toList())
                .data("own", items.stream().filter(item -> user.is(item.getRequestedBy().getSubjectId(),
                        item.getRequestedBy().getUsername())).map(SecondFactorReset::getId).toList())
                .data("lead", user.has(PortalUser.SUPPORT_LEAD));
    }

    @POST
    public Response request(@RestForm String accountId, @RestForm String reason) {
        SupportPages.requireSupport(user);
        SecondFactorResetRequest body = new SecondFactorResetRequest().accountId(stripped(accountId)).reason(stripped(reason));
        ServiceCalls.claims(() -> resets.requestSecondFactorReset(body));
        return Response.seeOther(PAGE).build();
    }

    @POST
    @Path("{resetId}/approval")
    public Response approve(@PathParam("resetId") UUID resetId) {
        SupportPages.requireSupport(user);
        ServiceCalls.claims(() -> resets.approveSecondFactorReset(resetId));
        return Response.seeOther(PAGE).build();
    }

    @POST
    @Path("{resetId}/rejection")
    public Response reject(@PathParam("resetId") UUID resetId) {
        SupportPages.requireSupport(user);
        ServiceCalls.claims(() -> resets.rejectSecondFactorReset(resetId));
        return Response.seeOther(PAGE).build();
    }

    private static String stripped(String value) {
        return value == null ? "" : value.strip();
    }
}

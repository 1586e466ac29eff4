package dev.restitution.claims.address.api;

import dev.restitution.claims.address.DenylistService;
import dev.restitution.claims.address.Denylist;
import dev.restitution.claims.security.Roles;
import dev.restitution.contracts.claims.api.DenylistApi;
import dev.restitution.contracts.claims.model.DenylistEntry;
import dev.restitution.contracts.claims.model.DenylistEntryRequest;
import dev.restitution.contracts.claims.model.DenylistPage;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.time.ZoneOffset;
import java.util.UUID;

/** Thin adapter between the generated denylist API and {@link DenylistService}. */
public class DenylistResource implements DenylistApi {

    private final DenylistService denylist;
    private final SecurityIdentity identity;

    public DenylistResource(DenylistService denylist, SecurityIdentity identity) {
        this.denylist = denylist;
        this.identity = identity;
    }

    @Override
    @RolesAllowed(Roles.INCIDENT_ADMIN)
    public Response addDenylistEntry(UUID incidentId, DenylistEntryRequest request) {
        Denylist.Entry entry = denylist.add(incidentId, request.getAddress(), request.getReason(),
                identity.getPrincipal().getName());
        return Response.status(201).entity(toModel(entry)).build();
    }

    @Override
    @RolesAllowed({Roles.INCIDENT_ADMIN, Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD, Roles.AUDITOR})
    public Response listDenylist(UUID incidentId, Integer limit, Integer offset) {
        Denylist.Page page = denylist.page(incidentId, offset, limit);
        return Response.ok(new DenylistPage().items(page.items().stream().map(DenylistResource::toModel).toList())
                .limit(limit).offset(offset).total(page.total())).build();
    }

    private static DenylistEntry toModel(Denylist.Entry entry) {
        return new DenylistEntry().address(entry.address()).reason(entry.reason()).addedBy(entry.addedBy())
                .addedAt(entry.addedAt().atOffset(ZoneOffset.UTC));
    }
}

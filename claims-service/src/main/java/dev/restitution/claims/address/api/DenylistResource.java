package dev.restitution.claims.address.api;

import dev.restitution.claims.address.DenylistService;
import dev.restitution.claims.address.Denylist;
import dev.restitution.claims.security.Roles;
import dev.restitution.contracts.claims.api.DenylistApi;
import dev.restitution.contracts.claims.model.DenylistEntry;
import dev.restitution.contracts.claims.model.DenylistEntryRequest;
import dev.restitution.contracts.claims.model.DenylistPage;
import dev.restitution.claims.claim.api.ClaimModels;
import dev.restitution.kit.audit.Callers;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.time.ZoneOffset;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Thin adapter between the generated denylist API and {@link DenylistService}. */
public class DenylistResource implements DenylistApi {

    private final DenylistService denylist;
    private final JsonWebToken token;

    public DenylistResource(DenylistService denylist, JsonWebToken token) {
        this.denylist = denylist;
        this.token = token;
    }

    @Override
    @RolesAllowed(Roles.INCIDENT_ADMIN)
    public Response addDenylistEntry(UUID incidentId, DenylistEntryRequest request) {
        Denylist.Entry entry = denylist.add(incidentId, request.getAddress(), request.getReason(),
                Callers.of(token));
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
        return new DenylistEntry().address(entry.address()).reason(entry.reason()).addedBy(ClaimModels.actor(entry.addedBy()))
                .addedAt(entry.addedAt().atOffset(ZoneOffset.UTC));
    }
}

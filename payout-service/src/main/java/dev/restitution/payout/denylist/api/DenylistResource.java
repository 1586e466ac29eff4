package dev.restitution.payout.denylist.api;

import dev.restitution.payout.audit.api.ActorModel;
import dev.restitution.contracts.payout.api.DenylistApi;
import dev.restitution.contracts.payout.model.DenylistEntry;
import dev.restitution.contracts.payout.model.DenylistEntryRequest;
import dev.restitution.contracts.payout.model.DenylistPage;
import dev.restitution.kit.audit.Callers;
import dev.restitution.payout.denylist.DenylistService;
import dev.restitution.payout.denylist.persistence.DenylistStore;
import dev.restitution.payout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.time.ZoneOffset;
import java.util.Optional;
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
    public Response addDenylistEntry(DenylistEntryRequest request) {
        dev.restitution.payout.denylist.domain.DenylistEntry entry = denylist.add(request.getChainId(),
                Optional.ofNullable(request.getIncidentId()), request.getAddress(), request.getReason(), Callers.of(token));
        return Response.status(201).entity(toModel(entry)).build();
    }

    @Override
    @RolesAllowed(Roles.INCIDENT_ADMIN)
    public Response removeDenylistEntry(Long chainId, String address, String reason, UUID incidentId) {
        denylist.remove(chainId, Optional.ofNullable(incidentId), address, reason, Callers.of(token));
        return Response.noContent().build();
    }

    @Override
    @RolesAllowed({Roles.INCIDENT_ADMIN, Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD, Roles.FINANCE_OPERATOR,
            Roles.FINANCE_APPROVER, Roles.AUDITOR})
    public Response listDenylist(Long chainId, UUID incidentId, Integer limit, Integer offset) {
        DenylistStore.Page page = denylist.page(Optional.ofNullable(chainId), Optional.ofNullable(incidentId), offset, limit);
        return Response.ok(new DenylistPage().items(page.items().stream().map(DenylistResource::toModel).toList())
                .limit(limit).offset(offset).total(page.total())).build();
    }

    private static DenylistEntry toModel(dev.restitution.payout.denylist.domain.DenylistEntry entry) {
        DenylistEntry model = new DenylistEntry().chainId(entry.chainId()).address(entry.address()).reason(entry.reason())
                .addedBy(ActorModel.of(entry.addedBy())).addedAt(entry.addedAt().atOffset(ZoneOffset.UTC));
        entry.incidentId().ifPresent(model::incidentId);
        return model;
    }
}

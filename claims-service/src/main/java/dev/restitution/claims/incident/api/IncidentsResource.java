package dev.restitution.claims.incident.api;

import dev.restitution.claims.incident.IncidentService;
import dev.restitution.claims.incident.domain.ClaimableIncident;
import dev.restitution.claims.security.Callers;
import dev.restitution.claims.security.Roles;
import dev.restitution.contracts.claims.api.IncidentsApi;
import dev.restitution.contracts.claims.model.ClaimableAsset;
import dev.restitution.contracts.claims.model.ClaimableIncidentPage;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.time.ZoneOffset;

/** Thin adapter between the generated incidents API and {@link IncidentService}. */
public class IncidentsResource implements IncidentsApi {

    private final IncidentService incidents;
    private final Callers callers;

    public IncidentsResource(IncidentService incidents, Callers callers) {
        this.incidents = incidents;
        this.callers = callers;
    }

    @Override
    @RolesAllowed({Roles.CLAIMANT, Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD, Roles.AUDITOR})
    public Response listIncidents(Integer limit, Integer offset) {
        // Staff read every incident; a claimant only those they can act on.
        IncidentService.Page page = callers.onlyAccountOfClaimant()
                .map(account -> incidents.claimantPage(account, offset, limit))
                .orElseGet(() -> incidents.page(offset, limit));
        return Response.ok(new ClaimableIncidentPage()
                .items(page.items().stream().map(IncidentsResource::toModel).toList())
                .limit(limit).offset(offset).total(page.total())).build();
    }

    private static dev.restitution.contracts.claims.model.ClaimableIncident toModel(ClaimableIncident incident) {
        return new dev.restitution.contracts.claims.model.ClaimableIncident()
                .id(incident.id())
                .exchange(incident.exchange())
                .title(incident.title())
                .description(incident.description().orElse(null))
                .cutoffAt(incident.cutoffAt().atOffset(ZoneOffset.UTC))
                .state(dev.restitution.contracts.claims.model.ClaimableIncident.StateEnum.fromValue(incident.state().name()))
                .claimsDeadline(incident.claimsDeadline().map(deadline -> deadline.atOffset(ZoneOffset.UTC)).orElse(null))
                .assets(incident.assets().stream().map(asset -> new ClaimableAsset()
                        .symbol(asset.symbol())
                        .chainId(asset.chainId())
                        .tokenContract(asset.tokenContract().orElse(null))
                        .decimals(asset.decimals())).toList());
    }
}

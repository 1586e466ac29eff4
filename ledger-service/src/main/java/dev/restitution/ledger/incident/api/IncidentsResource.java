package dev.restitution.ledger.incident.api;

import dev.restitution.contracts.ledger.api.IncidentsApi;
import dev.restitution.contracts.ledger.model.Asset;
import dev.restitution.contracts.ledger.model.AssetDeclaration;
import dev.restitution.contracts.ledger.model.IncidentPage;
import dev.restitution.contracts.ledger.model.IncidentTransitionRequest;
import dev.restitution.kit.audit.Callers;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.ledger.audit.api.ActorModel;
import dev.restitution.ledger.incident.IncidentService;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.incident.domain.Incident;
import dev.restitution.ledger.incident.domain.IncidentDeclaration;
import dev.restitution.ledger.incident.domain.IncidentState;
import dev.restitution.ledger.incident.domain.RecoveryAddress;
import dev.restitution.ledger.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Thin adapter between the generated incidents API and {@link IncidentService}. */
public class IncidentsResource implements IncidentsApi {

    private final IncidentService incidents;
    private final JsonWebToken caller;
    private final SecurityIdentity identity;

    @Context
    UriInfo uriInfo;

    public IncidentsResource(IncidentService incidents, JsonWebToken caller, SecurityIdentity identity) {
        this.incidents = incidents;
        this.caller = caller;
        this.identity = identity;
    }

    @Override
    @RolesAllowed(Roles.INCIDENT_ADMIN)
    public Response declareIncident(dev.restitution.contracts.ledger.model.IncidentDeclaration request) {
        Incident incident = incidents.declare(toDomain(request), Callers.of(caller));
        return Response.created(uriInfo.getAbsolutePathBuilder().path(incident.id().toString()).build())
                .entity(toModel(incident)).build();
    }

    @Override
    @RolesAllowed({Roles.INCIDENT_ADMIN, Roles.FINANCE_OPERATOR, Roles.FINANCE_APPROVER, Roles.AUDITOR,
            Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD, Roles.SERVICE})
    public Response getIncident(UUID incidentId) {
        return Response.ok(toModel(incidents.get(new IncidentId(incidentId)))).build();
    }

    @Override
    @RolesAllowed({Roles.INCIDENT_ADMIN, Roles.FINANCE_OPERATOR, Roles.FINANCE_APPROVER, Roles.AUDITOR,
            Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD, Roles.SERVICE})
    public Response listIncidents(Integer limit, Integer offset) {
        IncidentService.Page page = incidents.page(offset, limit);
        return Response.ok(new IncidentPage()
                .items(page.items().stream().map(IncidentsResource::toModel).toList())
                .limit(limit).offset(offset).total(page.total())).build();
    }

    @Override
    @RolesAllowed({Roles.INCIDENT_ADMIN, Roles.FINANCE_OPERATOR})
    public Response transitionIncident(UUID incidentId, IncidentTransitionRequest request) {
        Incident incident = incidents.transition(new IncidentId(incidentId), IncidentState.valueOf(request.getTo().name()),
                Optional.ofNullable(request.getClaimsDeadline()).map(OffsetDateTime::toInstant),
                request.getReason(), Callers.of(caller), identity.getRoles());
        return Response.ok(toModel(incident)).build();
    }

    private static IncidentDeclaration toDomain(dev.restitution.contracts.ledger.model.IncidentDeclaration request) {
        return new IncidentDeclaration(request.getExchange(), request.getTitle(), request.getCutoffAt().toInstant(),
                request.getDescription(), request.getAssets().stream().map(IncidentsResource::toDomain).toList(),
                Optional.ofNullable(request.getRecoveryAddresses()).orElse(List.of()).stream()
                        .map(address -> new RecoveryAddress(address.getChainId(), address.getAddress())).toList());
    }

    private static AssetSpec toDomain(AssetDeclaration asset) {
        return new AssetSpec(asset.getSymbol(), asset.getChainId(), Optional.ofNullable(asset.getTokenContract()),
                asset.getDecimals());
    }

    static dev.restitution.contracts.ledger.model.Incident toModel(Incident incident) {
        IncidentDeclaration declaration = incident.declaration();
        return new dev.restitution.contracts.ledger.model.Incident()
                .id(incident.id().value())
                .exchange(declaration.exchange())
                .title(declaration.title())
                .description(declaration.description())
                .cutoffAt(declaration.cutoffAt().atOffset(ZoneOffset.UTC))
                .state(dev.restitution.contracts.ledger.model.IncidentState.valueOf(incident.state().name()))
                .assets(incident.assets().stream().map(asset -> new Asset()
                        .symbol(asset.symbol())
                        .assetId(asset.assetId().toString())
                        .chainId(asset.chainId())
                        .tokenContract(asset.tokenContract().orElse(null))
                        .decimals(asset.decimals())
                        .isNative(asset.isNative())).toList())
                .recoveryAddresses(declaration.recoveryAddresses().stream()
                        .map(address -> new dev.restitution.contracts.ledger.model.RecoveryAddress()
                                .chainId(address.chainId()).address(address.address())).toList())
                .declaredBy(ActorModel.of(incident.declaredBy()))
                .declaredAt(incident.declaredAt().atOffset(ZoneOffset.UTC))
                .claimsDeadline(incident.claimsDeadline().map(deadline -> deadline.atOffset(ZoneOffset.UTC)).orElse(null));
    }
}

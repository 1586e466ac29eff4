package dev.restitution.claims.secondfactor.api;

import dev.restitution.claims.secondfactor.SecondFactorResets;
import dev.restitution.claims.secondfactor.domain.FactorReset;
import dev.restitution.claims.security.Callers;
import dev.restitution.claims.security.Roles;
import dev.restitution.contracts.claims.api.SecondFactorResetsApi;
import dev.restitution.contracts.claims.model.Actor;
import dev.restitution.contracts.claims.model.SecondFactorReset;
import dev.restitution.contracts.claims.model.SecondFactorResetList;
import dev.restitution.contracts.claims.model.SecondFactorResetRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Thin adapter between the generated second-factor-resets API and {@link SecondFactorResets}. */
public class SecondFactorResetsResource implements SecondFactorResetsApi {

    private final SecondFactorResets resets;
    private final Callers callers;

    public SecondFactorResetsResource(SecondFactorResets resets, Callers callers) {
        this.resets = resets;
        this.callers = callers;
    }

    @Override
    @RolesAllowed({Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD, Roles.AUDITOR})
    public Response listSecondFactorResets() {
        return Response.ok(new SecondFactorResetList().items(resets.open().stream()
                .map(SecondFactorResetsResource::toModel).toList())).build();
    }

    @Override
    @RolesAllowed(Roles.SUPPORT_LEAD)
    public Response requestSecondFactorReset(SecondFactorResetRequest request) {
        return Response.status(201).entity(toModel(resets.request(request.getAccountId(), request.getReason(),
                callers.actor()))).build();
    }

    @Override
    @RolesAllowed(Roles.SUPPORT_LEAD)
    public Response approveSecondFactorReset(UUID resetId) {
        return Response.ok(toModel(resets.approve(resetId, callers.actor()))).build();
    }

    @Override
    @RolesAllowed(Roles.SUPPORT_LEAD)
    public Response rejectSecondFactorReset(UUID resetId) {
        return Response.ok(toModel(resets.reject(resetId, callers.actor()))).build();
    }

    private static SecondFactorReset toModel(FactorReset reset) {
        return new SecondFactorReset()
                .id(reset.id())
                .accountId(reset.accountId())
                .reason(reset.reason())
                .state(SecondFactorReset.StateEnum.fromValue(reset.state().name()))
                .requestedBy(actor(reset.requestedBy()))
                .requestedAt(utc(reset.requestedAt()))
                .decidedBy(reset.decidedBy().map(SecondFactorResetsResource::actor).orElse(null))
                .decidedAt(reset.decidedAt().map(SecondFactorResetsResource::utc).orElse(null))
                .coolDownEndsAt(reset.coolDownEndsAt().map(SecondFactorResetsResource::utc).orElse(null))
                .factorRemovedAt(reset.factorRemovedAt().map(SecondFactorResetsResource::utc).orElse(null));
    }

    private static Actor actor(dev.restitution.kit.audit.Actor actor) {
        return new Actor().subjectId(actor.subjectId()).username(actor.username());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

package dev.restitution.claims.incident.api;

import dev.restitution.claims.claim.api.ClaimModels;
import dev.restitution.claims.incident.LateAdmissionService;
import dev.restitution.claims.incident.persistence.LateAdmissions;
import dev.restitution.claims.security.Callers;
import dev.restitution.claims.security.Roles;
import dev.restitution.contracts.claims.api.LateAdmissionsApi;
import dev.restitution.contracts.claims.model.LateAdmission;
import dev.restitution.contracts.claims.model.LateAdmissionList;
import dev.restitution.contracts.claims.model.LateAdmissionRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** Thin adapter between the generated late-admissions API and {@link LateAdmissionService}. */
public class LateAdmissionsResource implements LateAdmissionsApi {

    private final LateAdmissionService admissions;
    private final Callers callers;

    public LateAdmissionsResource(LateAdmissionService admissions, Callers callers) {
        this.admissions = admissions;
        this.callers = callers;
    }

    @Override
    @RolesAllowed(Roles.SUPPORT_LEAD)
    public Response admitLateClaim(UUID incidentId, LateAdmissionRequest request) {
        return Response.status(201).entity(toModel(admissions.admit(incidentId, request.getAccountId(),
                request.getReason(), callers.actor()))).build();
    }

    @Override
    @RolesAllowed({Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD, Roles.AUDITOR})
    public Response listLateAdmissions(UUID incidentId) {
        return Response.ok(new LateAdmissionList().items(admissions.list(incidentId).stream()
                .map(LateAdmissionsResource::toModel).toList())).build();
    }

    private static LateAdmission toModel(LateAdmissions.Admission admission) {
        return new LateAdmission()
                .id(admission.id())
                .incidentId(admission.incidentId())
                .accountId(admission.accountId())
                .reason(admission.reason())
                .admittedBy(ClaimModels.actor(admission.admittedBy()))
                .admittedAt(ClaimModels.utc(admission.admittedAt()));
    }
}

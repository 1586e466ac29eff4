package dev.restitution.payout.audit.api;

import dev.restitution.contracts.payout.api.AuditApi;
import dev.restitution.kit.audit.api.AuditResponses;
import dev.restitution.payout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;

/** The audit API through the kit's one adapter ({@link AuditResponses}): auditors read and verify, nobody writes. */
public class AuditResource implements AuditApi {

    private final AuditResponses audit;

    public AuditResource(AuditResponses audit) {
        this.audit = audit;
    }

    @Override
    @RolesAllowed(Roles.AUDITOR)
    public Response listAuditEntries(Long afterSequence, String actor, String action, String subjectType, String subjectId,
            Integer limit) {
        return audit.list(afterSequence, actor, action, subjectType, subjectId, limit);
    }

    @Override
    @RolesAllowed(Roles.AUDITOR)
    public Response verifyAuditLog() {
        return audit.verification();
    }
}

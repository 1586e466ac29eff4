package dev.restitution.payout.audit.api;

import dev.restitution.contracts.payout.api.AuditApi;
import dev.restitution.contracts.payout.model.AuditPage;
import dev.restitution.contracts.payout.model.AuditVerification;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditEntry;
import dev.restitution.kit.audit.AuditQuery;
import dev.restitution.payout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.time.ZoneOffset;

/** Thin adapter between the generated audit API and {@link AuditLog}: auditors read and verify, nobody writes. */
public class AuditResource implements AuditApi {

    private final AuditLog audit;

    public AuditResource(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    @RolesAllowed(Roles.AUDITOR)
    public Response listAuditEntries(Long afterSequence, String actor, String action, String subjectType, String subjectId,
            Integer limit) {
        AuditQuery query = new AuditQuery(actor, action, subjectType, subjectId);
        return Response.ok(new AuditPage().limit(limit)
                .items(audit.matching(query, afterSequence, limit).stream().map(AuditResource::toModel).toList())).build();
    }

    @Override
    @RolesAllowed(Roles.AUDITOR)
    public Response verifyAuditLog() {
        AuditLog.Verification verification = audit.verify();
        return Response.ok(new AuditVerification()
                .intact(verification.intact())
                .verifiedEntries(verification.verifiedEntries())
                .headSequence(verification.head().sequence())
                .headHash(verification.head().hash())
                .firstBrokenSequence(verification.firstBrokenSequence().orElse(null))
                .problem(verification.problem().orElse(null))).build();
    }

    private static dev.restitution.contracts.payout.model.AuditEntry toModel(AuditEntry entry) {
        return new dev.restitution.contracts.payout.model.AuditEntry()
                .sequence(entry.sequence())
                .occurredAt(entry.occurredAt().atOffset(ZoneOffset.UTC))
                .version(entry.version())
                .actor(ActorModel.of(entry.record().actor()))
                .action(entry.record().action())
                .subjectType(entry.record().subjectType())
                .subjectId(entry.record().subjectId())
                .before(entry.record().before())
                .after(entry.record().after())
                .reason(entry.record().reason())
                .previousHash(entry.previousHash())
                .hash(entry.hash());
    }
}

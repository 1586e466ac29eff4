package dev.restitution.kit.audit.api;

import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/**
 * The REST adapter of every service's audit API ({@code GET /audit/entries}, {@code GET /audit/verification}):
 * each service's resource implements its generated interface, names the roles, and answers with these. Parameters
 * arrive validated against the document (lengths, page size).
 */
@ApplicationScoped
public class AuditResponses {

    private final AuditLog audit;

    public AuditResponses(AuditLog audit) {
        this.audit = audit;
    }

    /** Entries after {@code afterSequence} in the order of writing, filtered by actor, action and subject. */
    public Response list(Long afterSequence, String actor, String action, String subjectType, String subjectId,
                         Integer limit) {
        AuditQuery query = new AuditQuery(actor, action, subjectType, subjectId);
        return Response.ok(new AuditViews.PageView(audit.matching(query, afterSequence, limit).stream()
                .map(AuditViews.EntryView::of).toList(), limit)).build();
    }

    /** Every chain recomputed, and the first break. */
    public Response verification() {
        return Response.ok(AuditViews.VerificationView.of(audit.verify())).build();
    }
}

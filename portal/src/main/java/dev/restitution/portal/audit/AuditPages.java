package dev.restitution.portal.audit;

import dev.restitution.contracts.ledger.client.AuditApi;
import dev.restitution.contracts.ledger.model.AuditEntry;
import dev.restitution.contracts.ledger.model.AuditPage;
import dev.restitution.contracts.ledger.model.AuditVerification;
import dev.restitution.portal.web.ServiceCalls;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The ledger's hash-chained audit log for auditors and finance: filtered by the ledger (actor, action,
 * subject type and id), with the chain's verification status, and exported as CSV. Pages are keyset pages
 * on the sequence number: a page reads on after its last entry.
 */
@Path("/audit")
@Blocking
public class AuditPages {

    /** The ledger's largest page: what one view shows at most. */
    static final int LEDGER_PAGE = 200;
    /** Entries one export reads at most. */
    static final int EXPORT_WINDOW = 20_000;

    private final AuditApi audit;
    private final Template auditPage;

    public AuditPages(@RestClient AuditApi audit, @Location("audit/log.html") Template auditPage) {
        this.audit = audit;
        this.auditPage = auditPage;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance log(@RestQuery String actor, @RestQuery String action, @RestQuery String subjectType,
            @RestQuery String subjectId, @RestQuery Long from) {
        AuditFilter filter = new AuditFilter(actor, action, subjectType, subjectId);
        AuditVerification verification = ServiceCalls.ledger(audit::verifyAuditLog);
        // Without a starting point and a filter the page shows the latest entries: what an auditor looks at first.
        // With a filter it starts at the beginning of the log, so no match is missed.
        long head = verification.getHeadSequence() == null ? 0 : verification.getHeadSequence();
        long start = from != null && from >= 0 ? from : filter.isEmpty() ? Math.max(0, head - LEDGER_PAGE) : 0;
        List<AuditEntry> entries = page(start, filter);
        return auditPage.data("filter", filter).data("from", start).data("entries", entries)
                .data("matched", entries.size()).data("lastRead", entries.isEmpty() ? start : entries.getLast().getSequence())
                .data("more", entries.size() == LEDGER_PAGE).data("verification", verification);
    }

    /** The selection as CSV, every column of each entry including both hashes, so the chain can be rechecked. */
    @GET
    @Path("export.csv")
    @Produces("text/csv")
    public Response export(@RestQuery String actor, @RestQuery String action, @RestQuery String subjectType,
            @RestQuery String subjectId, @RestQuery Long from) {
        AuditFilter filter = new AuditFilter(actor, action, subjectType, subjectId);
        long cursor = from == null || from < 0 ? 0 : from;
        List<AuditEntry> matches = new ArrayList<>();
        while (matches.size() < EXPORT_WINDOW) {
            List<AuditEntry> entries = page(cursor, filter);
            matches.addAll(entries);
            if (entries.size() < LEDGER_PAGE) {
                break;
            }
            cursor = entries.getLast().getSequence();
        }
        StringBuilder csv = new StringBuilder("sequence,occurred_at,actor,action,subject_type,subject_id,reason,before,after,previous_hash,hash\n");
        for (AuditEntry entry : matches) {
            csv.append(entry.getSequence()).append(',').append(cell(String.valueOf(entry.getOccurredAt()))).append(',')
                    .append(cell(entry.getActor())).append(',').append(cell(entry.getAction())).append(',')
                    .append(cell(entry.getSubjectType())).append(',').append(cell(entry.getSubjectId())).append(',')
                    .append(cell(entry.getReason())).append(',').append(cell(entry.getBefore())).append(',')
                    .append(cell(entry.getAfter())).append(',').append(cell(entry.getPreviousHash())).append(',')
                    .append(cell(entry.getHash())).append('\n');
        }
        return Response.ok(csv.toString()).type("text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"ledger-audit.csv\"")
                .header("X-Restitution-Audit-Last-Sequence", matches.isEmpty() ? cursor : matches.getLast().getSequence())
                .build();
    }

    /** One page of the entries after {@code after} that match, as the ledger filters them. */
    private List<AuditEntry> page(long after, AuditFilter filter) {
        AuditPage page = ServiceCalls.ledger(() -> audit.listAuditEntries(after, blankToNull(filter.actor()),
                blankToNull(filter.action()), blankToNull(filter.subjectType()), blankToNull(filter.subjectId()), LEDGER_PAGE));
        return page.getItems();
    }

    private static String blankToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    /** RFC 4180 quoting; a leading formula character is neutralised so a spreadsheet never evaluates a cell. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}

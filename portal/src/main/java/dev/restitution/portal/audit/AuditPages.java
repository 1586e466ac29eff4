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
 * The ledger's hash-chained audit log for auditors and finance: filtered, with the chain's verification
 * status, and exported as CSV. The ledger pages by sequence only, so the portal reads a bounded window of
 * entries from a starting sequence and filters it; the page says how far it read.
 */
@Path("/audit")
@Blocking
public class AuditPages {

    /** The ledger's largest page. */
    static final int LEDGER_PAGE = 200;
    /** Entries one page view reads at most, and shows at most. */
    static final int VIEW_WINDOW = 1_000;
    static final int VIEW_SHOWN = 200;
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
        // Without a starting point the page shows the latest window: what an auditor looks at first.
        long head = verification.getHeadSequence() == null ? 0 : verification.getHeadSequence();
        long start = from == null || from < 0 ? Math.max(0, head - VIEW_WINDOW) : from;
        Window window = read(start, VIEW_WINDOW, filter);
        List<AuditEntry> shown = window.matches().size() > VIEW_SHOWN ? window.matches().subList(0, VIEW_SHOWN) : window.matches();
        return auditPage.data("filter", filter).data("from", start).data("entries", shown)
                .data("matched", window.matches().size()).data("lastRead", window.lastSequence()).data("more", window.more())
                .data("verification", verification);
    }

    /** The selection as CSV, every column of each entry including both hashes, so the chain can be rechecked. */
    @GET
    @Path("export.csv")
    @Produces("text/csv")
    public Response export(@RestQuery String actor, @RestQuery String action, @RestQuery String subjectType,
            @RestQuery String subjectId, @RestQuery Long from) {
        AuditFilter filter = new AuditFilter(actor, action, subjectType, subjectId);
        Window window = read(from == null || from < 0 ? 0 : from, EXPORT_WINDOW, filter);
        StringBuilder csv = new StringBuilder("sequence,occurred_at,actor,action,subject_type,subject_id,reason,before,after,previous_hash,hash\n");
        for (AuditEntry entry : window.matches()) {
            csv.append(entry.getSequence()).append(',').append(cell(String.valueOf(entry.getOccurredAt()))).append(',')
                    .append(cell(entry.getActor())).append(',').append(cell(entry.getAction())).append(',')
                    .append(cell(entry.getSubjectType())).append(',').append(cell(entry.getSubjectId())).append(',')
                    .append(cell(entry.getReason())).append(',').append(cell(entry.getBefore())).append(',')
                    .append(cell(entry.getAfter())).append(',').append(cell(entry.getPreviousHash())).append(',')
                    .append(cell(entry.getHash())).append('\n');
        }
        return Response.ok(csv.toString()).type("text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"ledger-audit.csv\"")
                .header("X-Restitution-Audit-Last-Sequence", window.lastSequence())
                .build();
    }

    private record Window(List<AuditEntry> matches, long lastSequence, boolean more) {
    }

    private Window read(long after, int maximum, AuditFilter filter) {
        List<AuditEntry> matches = new ArrayList<>();
        long cursor = after;
        int read = 0;
        boolean more = true;
        while (read < maximum) {
            long pageStart = cursor;
            AuditPage page = ServiceCalls.ledger(() -> audit.listAuditEntries(pageStart, LEDGER_PAGE));
            for (AuditEntry entry : page.getItems()) {
                cursor = entry.getSequence();
                if (filter.test(entry)) {
                    matches.add(entry);
                }
            }
            read += page.getItems().size();
            if (page.getItems().size() < LEDGER_PAGE) {
                more = false;
                break;
            }
        }
        return new Window(matches, cursor, more);
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

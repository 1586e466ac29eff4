package dev.restitution.portal.audit;

import dev.restitution.contracts.ledger.client.AuditApi;
import dev.restitution.contracts.ledger.model.AuditEntry;
import dev.restitution.contracts.ledger.model.AuditVerification;
import dev.restitution.portal.language.AuditChainTerm;
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
 * The hash-chained audit logs of ledger-service, claims-service and payout-service for auditors and finance, each
 * read through the same audit API: the chosen log's entries filtered by that service (actor, action, subject type
 * and id), the log's verification status as that service reports it, and the selection exported as CSV. Pages are
 * keyset pages on the log's sequence (the order of writing): a page reads on after its last entry.
 */
@Path("/audit")
@Blocking
public class AuditPages {

    /** The largest page the services serve: what one view shows at most. */
    static final int PAGE = 200;
    /** Entries one export reads at most. */
    static final int EXPORT_WINDOW = 20_000;

    private static final String CSV_HEADER =
            "sequence,version,occurred_at,actor_subject_id,actor_username,action,subject_type,subject_id,reason,before,after,"
            + "previous_hash,hash,chain_key,chain_sequence,trace_id\n";

    private final AuditApi ledger;
    private final dev.restitution.contracts.claims.client.AuditApi claims;
    private final dev.restitution.contracts.payout.client.AuditApi payout;
    private final Template auditPage;

    public AuditPages(@RestClient AuditApi ledger, @RestClient dev.restitution.contracts.claims.client.AuditApi claims,
            @RestClient dev.restitution.contracts.payout.client.AuditApi payout,
            @Location("audit/log.html") Template auditPage) {
        this.ledger = ledger;
        this.claims = claims;
        this.payout = payout;
        this.auditPage = auditPage;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance log(@RestQuery("log") String logName, @RestQuery String actor, @RestQuery String action,
            @RestQuery String subjectType, @RestQuery String subjectId, @RestQuery Long from) {
        AuditLog log = AuditLog.named(logName);
        AuditFilter filter = new AuditFilter(actor, action, subjectType, subjectId);
        Long requested = from != null && from >= 0 ? from : null;
        Selection selection = selection(log, filter, requested);
        List<AuditRow> rows = selection.rows();
        return auditPage.data("log", log).data("logs", AuditLog.values()).data("filter", filter)
                .data("from", selection.from()).data("entries", rows).data("matched", rows.size())
                .data("lastRead", rows.isEmpty() ? selection.from() : rows.getLast().position())
                .data("more", selection.more()).data("verification", selection.status());
    }

    /** The selection of the chosen log as CSV, every column of each entry including both hashes, so the chain can be rechecked. */
    @GET
    @Path("export.csv")
    @Produces("text/csv")
    public Response export(@RestQuery("log") String logName, @RestQuery String actor, @RestQuery String action,
            @RestQuery String subjectType, @RestQuery String subjectId, @RestQuery Long from) {
        AuditLog log = AuditLog.named(logName);
        AuditFilter filter = new AuditFilter(actor, action, subjectType, subjectId);
        long cursor = from == null || from < 0 ? 0 : from;
        StringBuilder csv = new StringBuilder();
        long last = cursor;
        csv.append(CSV_HEADER);
        for (Entry entry : readAll(cursor, after -> page(log, after, filter), Entry::sequence)) {
            row(csv, String.valueOf(entry.sequence()), String.valueOf(entry.version()), entry.occurredAt(),
                    entry.actorSubjectId(), entry.actorUsername(), entry.action(), entry.subjectType(), entry.subjectId(),
                    entry.reason(), entry.before(), entry.after(), entry.previousHash(), entry.hash(), entry.chainKey(),
                    String.valueOf(entry.chainSequence()), entry.traceId());
            last = entry.sequence();
        }
        return Response.ok(csv.toString()).type("text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + log.key() + "-audit.csv\"")
                .header("X-Restitution-Audit-Last-Sequence", last)
                .build();
    }

    /** What one view of a log shows: where it starts, its entries, whether more follow, and the chain's status. */
    private record Selection(long from, List<AuditRow> rows, boolean more, ChainStatus status) {
    }

    /** One view of a log: every service pages its entries by sequence and filters them itself. */
    private Selection selection(AuditLog log, AuditFilter filter, Long from) {
        Verification verification = verification(log);
        long start = start(from, filter, verification.headSequence());
        List<Entry> entries = page(log, start, filter);
        List<AuditRow> rows = entries.stream().map(entry -> new AuditRow(entry.sequence(), entry.occurredAt(), entry.actorUsername(),
                entry.actorSubjectId(), entry.action(), entry.subjectType() + " " + entry.subjectId(), entry.reason(), entry.hash(),
                entry.traceId())).toList();
        return new Selection(start, rows, entries.size() == PAGE, verification.status());
    }

    /** Where a log's head is, and its status as its own service verified it. */
    private record Verification(Long headSequence, ChainStatus status) {
    }

    private Verification verification(AuditLog log) {
        if (log == AuditLog.LEDGER) {
            AuditVerification ledgerLog = ServiceCalls.ledger(ledger::verifyAuditLog);
            return new Verification(ledgerLog.getHeadSequence(), chainStatus(ledgerLog.getIntact(),
                    ledgerLog.getVerifiedEntries(), ledgerLog.getHeadSequence(), ledgerLog.getHeadHash(),
                    ledgerLog.getFirstBrokenSequence(), ledgerLog.getProblem()));
        }
        if (log == AuditLog.CLAIMS) {
            var claimsLog = ServiceCalls.claims(claims::verifyAuditLog);
            return new Verification(claimsLog.getHeadSequence(), chainStatus(claimsLog.getIntact(),
                    claimsLog.getVerifiedEntries(), claimsLog.getHeadSequence(), claimsLog.getHeadHash(),
                    claimsLog.getFirstBrokenSequence(), claimsLog.getProblem()));
        }
        var payoutLog = ServiceCalls.payout(payout::verifyAuditLog);
        return new Verification(payoutLog.getHeadSequence(), chainStatus(payoutLog.getIntact(),
                payoutLog.getVerifiedEntries(), payoutLog.getHeadSequence(), payoutLog.getHeadHash(),
                payoutLog.getFirstBrokenSequence(), payoutLog.getProblem()));
    }

    private static ChainStatus chainStatus(Boolean intact, Long verifiedEntries, Long headSequence, String headHash,
            Long firstBrokenSequence, String problem) {
        List<ChainStatus.Fact> facts = new ArrayList<>();
        facts.add(new ChainStatus.Fact(AuditChainTerm.VERIFIED, String.valueOf(verifiedEntries), null));
        facts.add(new ChainStatus.Fact(AuditChainTerm.HEAD, "#" + (headSequence == null ? 0 : headSequence), headHash == null ? "—" : headHash));
        boolean verified = Boolean.TRUE.equals(intact);
        if (!verified) {
            facts.add(new ChainStatus.Fact(AuditChainTerm.BROKEN, "#" + firstBrokenSequence + ": " + problem, null));
        }
        return new ChainStatus(verified, facts);
    }

    /**
     * Without a starting point and a filter the page shows the latest entries: what an auditor looks at first.
     * With a filter it starts at the beginning of the log, so no match is missed.
     */
    private static long start(Long from, AuditFilter filter, Long headSequence) {
        long head = headSequence == null ? 0 : headSequence;
        return from != null ? from : filter.isEmpty() ? Math.max(0, head - PAGE) : 0;
    }

    /** One page of a log's entries after {@code after} that match, as its service filters them. */
    private List<Entry> page(AuditLog log, long after, AuditFilter filter) {
        String actor = blankToNull(filter.actor());
        String action = blankToNull(filter.action());
        String subjectType = blankToNull(filter.subjectType());
        String subjectId = blankToNull(filter.subjectId());
        if (log == AuditLog.LEDGER) {
            return ServiceCalls.ledger(() -> ledger.listAuditEntries(after, actor, action, subjectType, subjectId, PAGE))
                    .getItems().stream().map(Entry::of).toList();
        }
        if (log == AuditLog.CLAIMS) {
            return ServiceCalls.claims(() -> claims.listAuditEntries(after, actor, action, subjectType, subjectId, PAGE))
                    .getItems().stream().map(Entry::of).toList();
        }
        return ServiceCalls.payout(() -> payout.listAuditEntries(after, actor, action, subjectType, subjectId, PAGE))
                .getItems().stream().map(Entry::of).toList();
    }

    /** One entry of any service's log: the generated models of the three documents carry the same fields. */
    private record Entry(long sequence, String chainKey, long chainSequence, int version, String occurredAt,
            String actorSubjectId, String actorUsername, String action, String subjectType, String subjectId,
            String reason, String before, String after, String previousHash, String hash, String traceId) {

        static Entry of(AuditEntry entry) {
            return new Entry(entry.getSequence(), entry.getChainKey(), entry.getChainSequence(), entry.getVersion(),
                    String.valueOf(entry.getOccurredAt()), entry.getActor().getSubjectId(), entry.getActor().getUsername(),
                    entry.getAction(), entry.getSubjectType(), entry.getSubjectId(), entry.getReason(), entry.getBefore(),
                    entry.getAfter(), entry.getPreviousHash(), entry.getHash(), entry.getTraceId());
        }

        static Entry of(dev.restitution.contracts.claims.model.AuditEntry entry) {
            return new Entry(entry.getSequence(), entry.getChainKey(), entry.getChainSequence(), entry.getVersion(),
                    String.valueOf(entry.getOccurredAt()), entry.getActor().getSubjectId(), entry.getActor().getUsername(),
                    entry.getAction(), entry.getSubjectType(), entry.getSubjectId(), entry.getReason(), entry.getBefore(),
                    entry.getAfter(), entry.getPreviousHash(), entry.getHash(), entry.getTraceId());
        }

        static Entry of(dev.restitution.contracts.payout.model.AuditEntry entry) {
            return new Entry(entry.getSequence(), entry.getChainKey(), entry.getChainSequence(), entry.getVersion(),
                    String.valueOf(entry.getOccurredAt()), entry.getActor().getSubjectId(), entry.getActor().getUsername(),
                    entry.getAction(), entry.getSubjectType(), entry.getSubjectId(), entry.getReason(), entry.getBefore(),
                    entry.getAfter(), entry.getPreviousHash(), entry.getHash(), entry.getTraceId());
        }
    }

    @FunctionalInterface
    private interface PageReader<E> {
        List<E> after(long position);
    }

    /** Every page from {@code from} on, up to {@link #EXPORT_WINDOW} entries. */
    private static <E> List<E> readAll(long from, PageReader<E> reader, java.util.function.ToLongFunction<E> position) {
        List<E> matches = new ArrayList<>();
        long cursor = from;
        while (matches.size() < EXPORT_WINDOW) {
            List<E> entries = reader.after(cursor);
            matches.addAll(entries);
            if (entries.size() < PAGE) {
                break;
            }
            cursor = position.applyAsLong(entries.getLast());
        }
        return matches;
    }

    /** One CSV line: the first cell (a position) as is, every other cell quoted. */
    private static void row(StringBuilder csv, String position, String... cells) {
        csv.append(position);
        for (String value : cells) {
            csv.append(',').append(cell(value));
        }
        csv.append('\n');
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

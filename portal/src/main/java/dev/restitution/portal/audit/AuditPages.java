package dev.restitution.portal.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.contracts.ledger.client.AuditApi;
import dev.restitution.contracts.ledger.model.AuditEntry;
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
 * The hash-chained audit logs of ledger-service, claims-service and payout-service for auditors and finance: the
 * chosen log's entries filtered by that service (the ledger and payout by actor, action, subject type and id;
 * claims not at all), the chain's verification status as that service reports it, and the selection exported as
 * CSV. Pages are keyset pages on the log's position (sequence, or the claims log's id): a page reads on after its
 * last entry.
 */
@Path("/audit")
@Blocking
public class AuditPages {

    /** The largest page the ledger and payout serve: what one view shows at most. */
    static final int PAGE = 200;
    /** Entries one claims export call reads (its largest page). */
    static final int CLAIMS_EXPORT_PAGE = 10_000;
    /** Entries one export reads at most. */
    static final int EXPORT_WINDOW = 20_000;

    private static final String CLAIMS_CSV_HEADER =
            "id,chain_id,sequence,version,at,actor_subject_id,actor_username,action,before,after,previous_hash,hash\n";
    private static final String CHAINED_CSV_HEADER =
            "sequence,version,occurred_at,actor_subject_id,actor_username,action,subject_type,subject_id,reason,before,after,"
            + "previous_hash,hash\n";

    private final AuditApi ledger;
    private final dev.restitution.contracts.claims.client.AuditApi claims;
    private final dev.restitution.contracts.payout.client.AuditApi payout;
    private final ObjectMapper json;
    private final Template auditPage;

    public AuditPages(@RestClient AuditApi ledger, @RestClient dev.restitution.contracts.claims.client.AuditApi claims,
            @RestClient dev.restitution.contracts.payout.client.AuditApi payout, ObjectMapper json,
            @Location("audit/log.html") Template auditPage) {
        this.ledger = ledger;
        this.claims = claims;
        this.payout = payout;
        this.json = json;
        this.auditPage = auditPage;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance log(@RestQuery("log") String logName, @RestQuery String actor, @RestQuery String action,
            @RestQuery String subjectType, @RestQuery String subjectId, @RestQuery Long from) {
        AuditLog log = AuditLog.named(logName);
        AuditFilter filter = log.applicable(new AuditFilter(actor, action, subjectType, subjectId));
        Long requested = from != null && from >= 0 ? from : null;
        Selection selection = log == AuditLog.CLAIMS ? claimsSelection(requested) : chainedSelection(log, filter, requested);
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
        AuditFilter filter = log.applicable(new AuditFilter(actor, action, subjectType, subjectId));
        long cursor = from == null || from < 0 ? 0 : from;
        StringBuilder csv = new StringBuilder();
        long last = cursor;
        switch (log) {
            case LEDGER, PAYOUT -> {
                csv.append(CHAINED_CSV_HEADER);
                for (ChainedEntry entry : readAll(cursor, after -> chainedPage(log, after, filter), ChainedEntry::sequence)) {
                    row(csv, String.valueOf(entry.sequence()), String.valueOf(entry.version()), entry.occurredAt(),
                            entry.actorSubjectId(), entry.actorUsername(), entry.action(),
                            entry.subjectType(), entry.subjectId(), entry.reason(), entry.before(), entry.after(),
                            entry.previousHash(), entry.hash());
                    last = entry.sequence();
                }
            }
            case CLAIMS -> {
                csv.append(CLAIMS_CSV_HEADER);
                List<ClaimsEntry> entries = new ArrayList<>();
                while (entries.size() < EXPORT_WINDOW) {
                    List<ClaimsEntry> page = claimsPage(cursor, CLAIMS_EXPORT_PAGE);
                    entries.addAll(page);
                    if (page.size() < CLAIMS_EXPORT_PAGE) {
                        break;
                    }
                    cursor = page.getLast().id();
                }
                for (ClaimsEntry entry : entries) {
                    row(csv, String.valueOf(entry.id()), entry.chainId(), String.valueOf(entry.sequence()),
                            String.valueOf(entry.version()), entry.at(), entry.actorSubjectId(), entry.actorUsername(),
                            entry.action(), entry.before(), entry.after(), entry.previousHash(), entry.hash());
                    last = entry.id();
                }
            }
        }
        return Response.ok(csv.toString()).type("text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + log.key() + "-audit.csv\"")
                .header("X-Restitution-Audit-Last-Sequence", last)
                .build();
    }

    /** What one view of a log shows: where it starts, its entries, whether more follow, and the chain's status. */
    private record Selection(long from, List<AuditRow> rows, boolean more, ChainStatus status) {
    }

    /** The ledger's or payout's log: both chain entries by sequence and filter them server-side. */
    private Selection chainedSelection(AuditLog log, AuditFilter filter, Long from) {
        Verification verification = verification(log);
        long start = start(from, filter, verification.headSequence());
        List<ChainedEntry> entries = chainedPage(log, start, filter);
        List<AuditRow> rows = entries.stream().map(entry -> new AuditRow(entry.sequence(), entry.occurredAt(), entry.actorUsername(),
                entry.actorSubjectId(), entry.action(), entry.subjectType() + " " + entry.subjectId(), entry.reason(), entry.hash())).toList();
        return new Selection(start, rows, entries.size() == PAGE, verification.status());
    }

    /** Where a chained log's head is, and its status as its own service verified it. */
    private record Verification(Long headSequence, ChainStatus status) {
    }

    private Verification verification(AuditLog log) {
        if (log == AuditLog.LEDGER) {
            AuditVerification ledgerLog = ServiceCalls.ledger(ledger::verifyAuditLog);
            return new Verification(ledgerLog.getHeadSequence(), chainStatus(ledgerLog.getIntact(),
                    ledgerLog.getVerifiedEntries(), ledgerLog.getHeadSequence(), ledgerLog.getHeadHash(),
                    ledgerLog.getFirstBrokenSequence(), ledgerLog.getProblem()));
        }
        var payoutLog = ServiceCalls.payout(payout::verifyAuditLog);
        return new Verification(payoutLog.getHeadSequence(), chainStatus(payoutLog.getIntact(),
                payoutLog.getVerifiedEntries(), payoutLog.getHeadSequence(), payoutLog.getHeadHash(),
                payoutLog.getFirstBrokenSequence(), payoutLog.getProblem()));
    }

    /**
     * The claims log has no filters and no head position: without a starting point the view reads on from just
     * before the last {@link #PAGE} entries (ids are distinct positive numbers, so the k-th entry's id is at least k)
     * to the end, and shows the last {@link #PAGE} entries it read.
     */
    private Selection claimsSelection(Long from) {
        var verification = ServiceCalls.claims(claims::verifyAuditLog);
        List<ChainStatus.Fact> facts = new ArrayList<>();
        facts.add(new ChainStatus.Fact("Chains verified", String.valueOf(verification.getChains()), null));
        facts.add(new ChainStatus.Fact("Entries verified", String.valueOf(verification.getEntries()), null));
        verification.getBreaks().forEach(broken ->
                facts.add(new ChainStatus.Fact("Broken chain " + broken.getChainId(), broken.getDetail(), null)));
        ChainStatus status = new ChainStatus(Boolean.TRUE.equals(verification.getIntact()), facts);
        List<ClaimsEntry> entries;
        long start;
        boolean more;
        if (from != null) {
            start = from;
            entries = claimsPage(start, PAGE);
            more = entries.size() == PAGE;
        } else {
            start = Math.max(0, verification.getEntries() - PAGE);
            List<ClaimsEntry> read = new ArrayList<>();
            long cursor = start;
            while (true) {
                List<ClaimsEntry> page = claimsPage(cursor, PAGE);
                read.addAll(page);
                if (read.size() > PAGE + 1) {
                    read = new ArrayList<>(read.subList(read.size() - PAGE - 1, read.size()));
                }
                if (page.size() < PAGE) {
                    break;
                }
                cursor = page.getLast().id();
            }
            if (read.size() > PAGE) {
                start = read.getFirst().id();
                read = read.subList(1, read.size());
            }
            entries = read;
            more = false;
        }
        List<AuditRow> rows = entries.stream().map(entry -> new AuditRow(entry.id(), entry.at(), entry.actorUsername(),
                entry.actorSubjectId(), entry.action(), "claim " + entry.chainId() + " #" + entry.sequence(), null, entry.hash())).toList();
        return new Selection(start, rows, more, status);
    }

    private static ChainStatus chainStatus(Boolean intact, Long verifiedEntries, Long headSequence, String headHash,
            Long firstBrokenSequence, String problem) {
        List<ChainStatus.Fact> facts = new ArrayList<>();
        facts.add(new ChainStatus.Fact("Entries verified", String.valueOf(verifiedEntries), null));
        facts.add(new ChainStatus.Fact("Head", "#" + (headSequence == null ? 0 : headSequence), headHash == null ? "—" : headHash));
        boolean verified = Boolean.TRUE.equals(intact);
        if (!verified) {
            facts.add(new ChainStatus.Fact("First broken entry", "#" + firstBrokenSequence + ": " + problem, null));
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

    /** One page of the ledger's or payout's entries after {@code after} that match, as that service filters them. */
    private List<ChainedEntry> chainedPage(AuditLog log, long after, AuditFilter filter) {
        String actor = blankToNull(filter.actor());
        String action = blankToNull(filter.action());
        String subjectType = blankToNull(filter.subjectType());
        String subjectId = blankToNull(filter.subjectId());
        if (log == AuditLog.LEDGER) {
            return ServiceCalls.ledger(() -> ledger.listAuditEntries(after, actor, action, subjectType, subjectId, PAGE))
                    .getItems().stream().map(ChainedEntry::of).toList();
        }
        return ServiceCalls.payout(() -> payout.listAuditEntries(after, actor, action, subjectType, subjectId, PAGE))
                .getItems().stream().map(ChainedEntry::of).toList();
    }

    /** One entry of the ledger's or payout's log: both services' generated models carry the same fields. */
    private record ChainedEntry(long sequence, int version, String occurredAt, String actorSubjectId,
            String actorUsername, String action, String subjectType, String subjectId, String reason, String before,
            String after, String previousHash, String hash) {

        static ChainedEntry of(AuditEntry entry) {
            return new ChainedEntry(entry.getSequence(), entry.getVersion(), String.valueOf(entry.getOccurredAt()),
                    entry.getActor().getSubjectId(), entry.getActor().getUsername(), entry.getAction(), entry.getSubjectType(), entry.getSubjectId(), entry.getReason(), entry.getBefore(),
                    entry.getAfter(), entry.getPreviousHash(), entry.getHash());
        }

        static ChainedEntry of(dev.restitution.contracts.payout.model.AuditEntry entry) {
            return new ChainedEntry(entry.getSequence(), entry.getVersion(), String.valueOf(entry.getOccurredAt()),
                    entry.getActor().getSubjectId(), entry.getActor().getUsername(), entry.getAction(), entry.getSubjectType(), entry.getSubjectId(), entry.getReason(), entry.getBefore(),
                    entry.getAfter(), entry.getPreviousHash(), entry.getHash());
        }
    }

    /** One page of the claims log after the id {@code after}, read from its NDJSON export. */
    private List<ClaimsEntry> claimsPage(long after, int limit) {
        String ndjson = ServiceCalls.claims(() -> claims.exportAuditEntries(after, limit));
        List<ClaimsEntry> entries = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            if (!line.isBlank()) {
                entries.add(ClaimsEntry.of(parse(line)));
            }
        }
        return entries;
    }

    private JsonNode parse(String line) {
        try {
            return json.readTree(line);
        } catch (JsonProcessingException failure) {
            throw new IllegalStateException("claims-service sent an audit line that is not JSON", failure);
        }
    }

    /** One entry of the claims audit log, as its export writes it. */
    private record ClaimsEntry(long id, String chainId, long sequence, int version, String at, String actorSubjectId,
            String actorUsername, String action, String before, String after, String previousHash, String hash) {

        static ClaimsEntry of(JsonNode line) {
            return new ClaimsEntry(line.path("id").asLong(), text(line, "chainId"), line.path("sequence").asLong(),
                    line.path("version").asInt(), text(line, "at"), text(line, "actorSubjectId"),
                    text(line, "actorUsername"), text(line, "action"), text(line, "before"),
                    text(line, "after"), text(line, "previousHash"), text(line, "hash"));
        }

        private static String text(JsonNode line, String field) {
            JsonNode value = line.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            return value.isTextual() ? value.asText() : value.toString();
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

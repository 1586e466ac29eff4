package dev.restitution.portal.audit;

import dev.restitution.contracts.ledger.model.AuditEntry;
import io.quarkus.qute.TemplateData;
import java.util.Locale;
import java.util.function.Predicate;

/** The auditor's filters over the ledger's audit log: each one empty or a case-insensitive substring. */
@TemplateData
public record AuditFilter(String actor, String action, String subjectType, String subjectId) implements Predicate<AuditEntry> {

    public AuditFilter {
        actor = normalize(actor);
        action = normalize(action);
        subjectType = normalize(subjectType);
        subjectId = normalize(subjectId);
    }

    @Override
    public boolean test(AuditEntry entry) {
        return contains(entry.getActor(), actor) && contains(entry.getAction(), action)
                && contains(entry.getSubjectType(), subjectType) && contains(entry.getSubjectId(), subjectId);
    }

    /** The filters as a query string, for the export link of the same selection. */
    public String query() {
        return "actor=" + encode(actor) + "&action=" + encode(action) + "&subjectType=" + encode(subjectType)
                + "&subjectId=" + encode(subjectId);
    }

    private static boolean contains(String value, String wanted) {
        return wanted.isEmpty() || (value != null && value.toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT)));
    }

    private static String normalize(String value) {
        return value == null ? "" : value.strip();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}

package dev.restitution.portal.audit;

import io.quarkus.qute.TemplateData;

/** The auditor's filters over an audit log, which its service applies (see {@link AuditLog}): each one empty or a case-insensitive part. */
@TemplateData
public record AuditFilter(String actor, String action, String subjectType, String subjectId) {

    public AuditFilter {
        actor = normalize(actor);
        action = normalize(action);
        subjectType = normalize(subjectType);
        subjectId = normalize(subjectId);
    }

    public boolean isEmpty() {
        return actor.isEmpty() && action.isEmpty() && subjectType.isEmpty() && subjectId.isEmpty();
    }

    /** The filters as a query string, for the export link of the same selection. */
    public String query() {
        return "actor=" + encode(actor) + "&action=" + encode(action) + "&subjectType=" + encode(subjectType)
                + "&subjectId=" + encode(subjectId);
    }

    private static String normalize(String value) {
        return value == null ? "" : value.strip();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}

package dev.restitution.kit.audit;

import java.util.Locale;

/**
 * What an auditor looks for in the audit log: each field empty (any) or a case-insensitive part of the
 * entry's actor, action, subject type or subject id. Bounded so a query never carries a megabyte of text.
 */
public record AuditQuery(String actor, String action, String subjectType, String subjectId) {

    public static final int MAX_LENGTH = 200;

    public AuditQuery {
        actor = normalize(actor, "actor");
        action = normalize(action, "action");
        subjectType = normalize(subjectType, "subjectType");
        subjectId = normalize(subjectId, "subjectId");
    }

    /** Every entry. */
    public static AuditQuery any() {
        return new AuditQuery(null, null, null, null);
    }

    public boolean isAny() {
        return actor.isEmpty() && action.isEmpty() && subjectType.isEmpty() && subjectId.isEmpty();
    }

    private static String normalize(String value, String name) {
        String stripped = value == null ? "" : value.strip();
        if (stripped.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(name + " is longer than " + MAX_LENGTH + " characters");
        }
        return stripped.toLowerCase(Locale.ROOT);
    }
}

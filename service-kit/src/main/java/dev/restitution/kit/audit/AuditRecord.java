package dev.restitution.kit.audit;

import java.util.Objects;

/**
 * What one audit entry says, before it is placed in the chain: who (subject id and user name) did what to which subject,
 * the subject's state before and after (JSON text, absent when there is none) and why.
 */
public record AuditRecord(Actor actor, String action, String subjectType, String subjectId, String before,
                          String after, String reason) {

    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_SUBJECT_ID_LENGTH = 200;
    public static final int MAX_STATE_LENGTH = 100_000;
    public static final int MAX_REASON_LENGTH = 2000;

    public AuditRecord {
        Objects.requireNonNull(actor, "actor");
        requireText("action", action, MAX_NAME_LENGTH);
        requireText("subjectType", subjectType, MAX_NAME_LENGTH);
        requireText("subjectId", subjectId, MAX_SUBJECT_ID_LENGTH);
        requireText("reason", reason, MAX_REASON_LENGTH);
        if (before != null && before.length() > MAX_STATE_LENGTH || after != null && after.length() > MAX_STATE_LENGTH) {
            throw new IllegalArgumentException("an audited state is at most " + MAX_STATE_LENGTH + " characters");
        }
    }

    private static void requireText(String name, String value, int maxLength) {
        Objects.requireNonNull(value, name);
        if (value.isBlank() || value.length() > maxLength) {
            throw new IllegalArgumentException(name + " must be 1 to " + maxLength + " characters");
        }
    }
}

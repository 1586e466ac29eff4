package dev.restitution.kit.audit;

import java.util.Objects;

/**
 * Who changed something, in the one shape every service records: the subject id of their token (stable: what
 * maker-checker compares, so a renamed user is still the same person) and their user name (what a reader
 * recognises). A service acting on its own, or on an event it consumed, is its client's service account
 * ({@link ServiceAccount}); the event is named in the record's reason or state.
 */
public record Actor(String subjectId, String username) {

    public static final int MAX_LENGTH = 255;

    /**
     * The subject id shown for a record written before subject ids were kept (claims-service knew only user names):
     * this prefix and the user name. It can never be a Keycloak subject, so it never equals a caller's.
     */
    public static final String UNRECORDED_SUBJECT_PREFIX = "unrecorded:";

    public Actor {
        requireText("subjectId", subjectId);
        requireText("username", username);
    }

    /**
     * An actor read back from a subject id column and its user name column; rows written before user names were kept
     * (ledger- and payout-service kept subject ids only) have none and show the subject id again.
     */
    public static Actor withUsernameIfRecorded(String subjectId, String username) {
        return new Actor(subjectId, username == null ? subjectId : username);
    }

    /**
     * An actor read back from a subject id column and its user name column of claims-service, which kept user names
     * before subject ids: rows written before have no subject id and show it as {@link #unrecordedSubject}.
     */
    public static Actor withSubjectIfRecorded(String subjectId, String username) {
        return subjectId == null ? unrecordedSubject(username) : new Actor(subjectId, username);
    }

    /** A person known from a record of before subject ids were kept: by user name only. */
    public static Actor unrecordedSubject(String username) {
        return new Actor(UNRECORDED_SUBJECT_PREFIX + username, username);
    }

    /**
     * The actor of a record written as one text (audit entries of version 1, transfers booked before):
     * {@code subjectId (username)}, or the subject id alone when the token carried no other name.
     */
    public static Actor fromText(String text) {
        Objects.requireNonNull(text, "text");
        int open = text.indexOf(" (");
        if (open > 0 && text.endsWith(")")) {
            return new Actor(text.substring(0, open), text.substring(open + 2, text.length() - 1));
        }
        return new Actor(text, text);
    }

    /** As one text, the form of version 1 audit entries: {@code subjectId (username)}; the inverse of {@link #fromText}. */
    public String text() {
        return username.equals(subjectId) ? subjectId : subjectId + " (" + username + ")";
    }

    public boolean subjectUnrecorded() {
        return subjectId.startsWith(UNRECORDED_SUBJECT_PREFIX);
    }

    /**
     * The same person: the same subject id. Only where one side's subject was never recorded is the user name
     * all there is to compare, so such a record still never lets its author check their own work.
     */
    public boolean samePersonAs(Actor other) {
        if (subjectUnrecorded() || other.subjectUnrecorded()) {
            return username.equals(other.username);
        }
        return subjectId.equals(other.subjectId);
    }

    private static void requireText(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.isBlank() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("an actor's " + name + " is 1 to " + MAX_LENGTH + " characters");
        }
    }
}

package dev.restitution.contracts.audit;

import java.util.Objects;
import java.util.UUID;

/**
 * Who changed something: a person by the subject of their token (stable, what maker-checker
 * compares) and their user name (what a reader recognises), or an event that caused the change.
 */
public record Actor(String subject, String name) {

    public Actor {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(name, "name");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("an actor has a subject");
        }
    }

    /** An event of another service, by its type and id. */
    public static Actor event(String eventType, UUID eventId, String source) {
        return new Actor("event:" + eventType + ":" + eventId, source);
    }

    /** As recorded in the audit log and on transfers: {@code subject (name)}. */
    public String recorded() {
        return name.isBlank() || name.equals(subject) ? subject : subject + " (" + name + ")";
    }

    public boolean samePersonAs(Actor other) {
        return subject.equals(other.subject);
    }
}

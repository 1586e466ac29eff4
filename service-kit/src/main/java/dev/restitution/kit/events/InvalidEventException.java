package dev.restitution.kit.events;

/**
 * An event that cannot be encoded or read: malformed JSON, an envelope that is not a valid
 * CloudEvents 1.0 event of ours, a payload that breaks its schema, or a payload class that does not
 * match the event type. A consumer treats it as a poison message (park it, do not retry); a
 * producer has a bug.
 */
public class InvalidEventException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}

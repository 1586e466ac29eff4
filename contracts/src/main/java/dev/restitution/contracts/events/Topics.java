package dev.restitution.contracts.events;

import java.util.List;

/**
 * Kafka topic names. One topic per producing aggregate, so that all events of one aggregate keep
 * their order in one partition (key: the aggregate id). Every constant here is a channel address in
 * {@code contracts/events/asyncapi.yaml}; a test keeps the two in step.
 */
public final class Topics {

    /** Incidents of ledger-service: declared, (later) snapshot sealed. Key: the incident id. */
    public static final String LEDGER_INCIDENTS = "restitution.ledger.incidents";

    private static final List<String> ALL = List.of(LEDGER_INCIDENTS);

    private Topics() {
    }

    /** Every topic name above, in declaration order. */
    public static List<String> all() {
        return ALL;
    }
}

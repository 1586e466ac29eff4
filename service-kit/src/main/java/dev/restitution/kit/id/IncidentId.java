package dev.restitution.kit.id;

import java.util.Objects;
import java.util.UUID;

/** An incident, named by the ledger when it is declared; every service refers to it by this id. */
public record IncidentId(UUID value) {
    public IncidentId {
        Objects.requireNonNull(value, "incidentId");
    }

    public static IncidentId random() {
        return new IncidentId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

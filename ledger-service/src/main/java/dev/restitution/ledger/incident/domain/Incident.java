package dev.restitution.ledger.incident.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A declared incident as the ledger holds it. */
public record Incident(IncidentId id, IncidentDeclaration declaration, IncidentState state, String declaredBy,
                       Instant declaredAt) {
    public Incident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(declaration, "declaration");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(declaredBy, "declaredBy");
        Objects.requireNonNull(declaredAt, "declaredAt");
    }

    public List<AssetSpec> assets() {
        return declaration.assets();
    }
}

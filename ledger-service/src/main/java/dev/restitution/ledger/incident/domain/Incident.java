package dev.restitution.ledger.incident.domain;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.id.IncidentId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A declared incident as the ledger holds it; {@code claimsDeadline} is the bar date, set when claims open. */
public record Incident(IncidentId id, IncidentDeclaration declaration, IncidentState state, Actor declaredBy,
                       Instant declaredAt, Optional<Instant> claimsDeadline) {
    public Incident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(declaration, "declaration");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(declaredBy, "declaredBy");
        Objects.requireNonNull(declaredAt, "declaredAt");
        Objects.requireNonNull(claimsDeadline, "claimsDeadline");
    }

    public List<AssetSpec> assets() {
        return declaration.assets();
    }
}

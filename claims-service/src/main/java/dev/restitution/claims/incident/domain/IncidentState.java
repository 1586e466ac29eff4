package dev.restitution.claims.incident.domain;

/** An incident's lifecycle as the ledger runs it; incidents only move forward, in this order. */
public enum IncidentState {
    DECLARED, SNAPSHOT_SEALED, CLAIMS_OPEN, CLAIMS_CLOSED, DISTRIBUTING, CLOSED;

    public boolean isAfter(IncidentState other) {
        return ordinal() > other.ordinal();
    }

    public boolean atLeast(IncidentState other) {
        return ordinal() >= other.ordinal();
    }
}

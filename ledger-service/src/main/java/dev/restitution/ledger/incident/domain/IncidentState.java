package dev.restitution.ledger.incident.domain;

/** The life of an incident, in order. */
public enum IncidentState {
    DECLARED, SNAPSHOT_SEALED, CLAIMS_OPEN, CLAIMS_CLOSED, DISTRIBUTING, CLOSED
}

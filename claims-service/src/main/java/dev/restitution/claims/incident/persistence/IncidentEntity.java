package dev.restitution.claims.incident.persistence;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "incident")
public class IncidentEntity {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String exchange;

    @Column(nullable = false)
    public String title;

    public String description;

    @Column(name = "cutoff_at", nullable = false)
    public Instant cutoffAt;

    @Column(name = "learnt_at", nullable = false)
    public Instant learntAt;

    /** As the ledger last announced it (IncidentStateChanged); only ever moves forward. */
    @Column(nullable = false)
    public String state;

    /** The bar date, set when claims opened. */
    @Column(name = "claims_deadline")
    public Instant claimsDeadline;

    @Column(name = "state_changed_at")
    public Instant stateChangedAt;

    @ElementCollection
    @CollectionTable(name = "incident_asset", joinColumns = @JoinColumn(name = "incident_id"))
    @OrderColumn(name = "position")
    public List<IncidentAssetRow> assets = new ArrayList<>();
}

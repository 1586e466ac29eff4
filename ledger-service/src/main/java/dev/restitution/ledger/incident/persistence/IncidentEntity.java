package dev.restitution.ledger.incident.persistence;

import dev.restitution.ledger.incident.domain.IncidentState;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
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

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public IncidentState state;

    @Column(name = "declared_by", nullable = false)
    public String declaredBy;

    /** Absent on incidents declared before user names were kept. */
    @Column(name = "declared_by_username")
    public String declaredByUsername;

    @Column(name = "declared_at", nullable = false)
    public Instant declaredAt;

    @Column(name = "claims_deadline")
    public Instant claimsDeadline;

    @ElementCollection
    @CollectionTable(name = "incident_asset", joinColumns = @JoinColumn(name = "incident_id"))
    @OrderColumn(name = "position")
    public List<IncidentAssetRow> assets = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "incident_recovery_address", joinColumns = @JoinColumn(name = "incident_id"))
    @OrderColumn(name = "position")
    public List<RecoveryAddressRow> recoveryAddresses = new ArrayList<>();
}

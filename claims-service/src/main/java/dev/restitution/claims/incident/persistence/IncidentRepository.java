package dev.restitution.claims.incident.persistence;

import dev.restitution.claims.incident.domain.ClaimableIncident;
import dev.restitution.claims.incident.domain.IncidentState;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Maps incidents between the domain and their rows; entities never leave this package. */
@ApplicationScoped
public class IncidentRepository implements PanacheRepositoryBase<IncidentEntity, UUID> {

    public void add(ClaimableIncident incident, Instant learntAt) {
        IncidentEntity entity = new IncidentEntity();
        entity.id = incident.id();
        entity.exchange = incident.exchange();
        entity.title = incident.title();
        entity.description = incident.description().orElse(null);
        entity.cutoffAt = incident.cutoffAt();
        entity.learntAt = learntAt;
        entity.state = incident.state().name();
        entity.assets = incident.assets().stream().map(IncidentRepository::toRow).toList();
        persist(entity);
    }

    public Optional<ClaimableIncident> find(UUID id) {
        return findByIdOptional(id).map(IncidentRepository::toDomain);
    }

    /** The incident's state, if known. */
    public Optional<IncidentState> state(UUID id) {
        return findByIdOptional(id).map(entity -> IncidentState.valueOf(entity.state));
    }

    /**
     * Moves the incident to {@code state} when that lies ahead of the known one (a redelivered or stale
     * event changes nothing); true when it moved. The deadline is taken when claims open.
     */
    public boolean moveForward(UUID id, IncidentState state, Optional<Instant> claimsDeadline, Instant changedAt) {
        IncidentEntity entity = findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (!state.isAfter(IncidentState.valueOf(entity.state))) {
            return false;
        }
        entity.state = state.name();
        entity.stateChangedAt = changedAt;
        if (state == IncidentState.CLAIMS_OPEN) {
            entity.claimsDeadline = claimsDeadline.orElseThrow(() -> new IllegalStateException(
                    "incident " + id + " opened for claims without a deadline"));
        }
        return true;
    }

    public boolean exists(UUID id) {
        return findByIdOptional(id).isPresent();
    }

    /** Newest cutoff first; {@code offset} and {@code limit} are bounded by the API. */
    public List<ClaimableIncident> page(int offset, int limit) {
        return findAll(Sort.descending("cutoffAt").and("id")).range(offset, offset + limit - 1).list()
                .stream().map(IncidentRepository::toDomain).toList();
    }

    /** At most {@code limit} incidents in {@code state} or a later one, newest cutoff first. */
    public List<ClaimableIncident> atLeast(IncidentState state, int limit) {
        List<String> states = java.util.Arrays.stream(IncidentState.values()).filter(candidate -> candidate.atLeast(state))
                .map(Enum::name).toList();
        return find("state in ?1", Sort.descending("cutoffAt").and("id"), states).range(0, limit - 1).list()
                .stream().map(IncidentRepository::toDomain).toList();
    }

    private static IncidentAssetRow toRow(ClaimableIncident.Asset asset) {
        IncidentAssetRow row = new IncidentAssetRow();
        row.symbol = asset.symbol();
        row.chainId = asset.chainId();
        row.tokenContract = asset.tokenContract().orElse(null);
        row.decimals = asset.decimals();
        return row;
    }

    private static ClaimableIncident toDomain(IncidentEntity entity) {
        return new ClaimableIncident(entity.id, entity.exchange, entity.title, Optional.ofNullable(entity.description),
                entity.cutoffAt, entity.assets.stream().map(row -> new ClaimableIncident.Asset(row.symbol,
                        row.chainId, Optional.ofNullable(row.tokenContract), row.decimals)).toList(),
                IncidentState.valueOf(entity.state), Optional.ofNullable(entity.claimsDeadline));
    }
}

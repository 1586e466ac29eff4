package dev.restitution.claims.incident.persistence;

import dev.restitution.claims.incident.domain.ClaimableIncident;
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
        entity.assets = incident.assets().stream().map(IncidentRepository::toRow).toList();
        persist(entity);
    }

    public Optional<ClaimableIncident> find(UUID id) {
        return findByIdOptional(id).map(IncidentRepository::toDomain);
    }

    public boolean exists(UUID id) {
        return findByIdOptional(id).isPresent();
    }

    /** Newest cutoff first; {@code offset} and {@code limit} are bounded by the API. */
    public List<ClaimableIncident> page(int offset, int limit) {
        return findAll(Sort.descending("cutoffAt").and("id")).range(offset, offset + limit - 1).list()
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
                        row.chainId, Optional.ofNullable(row.tokenContract), row.decimals)).toList());
    }
}

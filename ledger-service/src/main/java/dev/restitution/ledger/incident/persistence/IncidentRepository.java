package dev.restitution.ledger.incident.persistence;

import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.incident.domain.Incident;
import dev.restitution.ledger.incident.domain.IncidentDeclaration;
import dev.restitution.ledger.incident.domain.IncidentId;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Maps incidents between the domain and their rows; entities never leave this package. */
@ApplicationScoped
public class IncidentRepository implements PanacheRepositoryBase<IncidentEntity, UUID> {

    public void add(Incident incident) {
        IncidentEntity entity = new IncidentEntity();
        entity.id = incident.id().value();
        IncidentDeclaration declaration = incident.declaration();
        entity.exchange = declaration.exchange();
        entity.title = declaration.title();
        entity.description = declaration.description();
        entity.cutoffAt = declaration.cutoffAt();
        entity.state = incident.state();
        entity.declaredBy = incident.declaredBy();
        entity.declaredAt = incident.declaredAt();
        entity.assets = declaration.assets().stream().map(IncidentRepository::toRow).toList();
        persist(entity);
    }

    public Optional<Incident> byId(IncidentId id) {
        return findByIdOptional(id.value()).map(IncidentRepository::toDomain);
    }

    /** Newest cutoff first; {@code offset} and {@code limit} are bounded by the API. */
    public List<Incident> page(int offset, int limit) {
        return findAll(Sort.descending("cutoffAt").and("id")).range(offset, offset + limit - 1).list()
                .stream().map(IncidentRepository::toDomain).toList();
    }

    private static IncidentAssetRow toRow(AssetSpec asset) {
        IncidentAssetRow row = new IncidentAssetRow();
        row.symbol = asset.symbol();
        row.chainId = asset.chainId();
        row.tokenContract = asset.tokenContract().orElse(null);
        row.decimals = asset.decimals();
        return row;
    }

    private static Incident toDomain(IncidentEntity entity) {
        List<AssetSpec> assets = entity.assets.stream()
                .map(row -> new AssetSpec(row.symbol, row.chainId, Optional.ofNullable(row.tokenContract), row.decimals))
                .toList();
        IncidentDeclaration declaration = new IncidentDeclaration(entity.exchange, entity.title, entity.cutoffAt,
                entity.description, assets);
        return new Incident(new IncidentId(entity.id), declaration, entity.state, entity.declaredBy, entity.declaredAt);
    }
}

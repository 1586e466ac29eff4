package dev.restitution.ledger.incident.persistence;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.incident.domain.Incident;
import dev.restitution.ledger.incident.domain.IncidentDeclaration;
import dev.restitution.ledger.incident.domain.IncidentState;
import dev.restitution.ledger.incident.domain.RecoveryAddress;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
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
        entity.declaredBy = incident.declaredBy().subjectId();
        entity.declaredByUsername = incident.declaredBy().username();
        entity.declaredAt = incident.declaredAt();
        entity.assets = declaration.assets().stream().map(IncidentRepository::toRow).toList();
        entity.recoveryAddresses = declaration.recoveryAddresses().stream().map(IncidentRepository::toRow).toList();
        persist(entity);
    }

    public Optional<Incident> byId(IncidentId id) {
        return findByIdOptional(id.value()).map(IncidentRepository::toDomain);
    }

    /** The incident, locked against concurrent changes until the current transaction ends. */
    public Optional<Incident> lockById(IncidentId id) {
        return Optional.ofNullable(getEntityManager().find(IncidentEntity.class, id.value(), LockModeType.PESSIMISTIC_WRITE))
                .map(IncidentRepository::toDomain);
    }

    /**
     * The incident, locked against moves (which lock it for update) until the current transaction ends,
     * while other readers that lock it the same way go on.
     */
    public Optional<Incident> lockSharedById(IncidentId id) {
        return Optional.ofNullable(getEntityManager().find(IncidentEntity.class, id.value(), LockModeType.PESSIMISTIC_READ))
                .map(IncidentRepository::toDomain);
    }

    /**
     * Moves a locked incident from {@code from} to {@code to} and records who did it, when and why
     * (append-only history); a claims deadline given here becomes the incident's bar date. The caller
     * checked the move; a state other than {@code from} here means the lock was not taken, which is a bug.
     */
    public void changeState(IncidentId id, IncidentState from, IncidentState to, Optional<Instant> claimsDeadline,
                            Actor changedBy, Instant changedAt, String reason) {
        IncidentEntity entity = findById(id.value());
        if (entity == null || entity.state != from) {
            throw new IllegalStateException("incident " + id + " is not in " + from + " as checked under lock");
        }
        entity.state = to;
        claimsDeadline.ifPresent(deadline -> entity.claimsDeadline = deadline);
        getEntityManager().createNativeQuery("""
                insert into incident_transition (incident_id, from_state, to_state, changed_by, changed_by_username,
                    changed_at, reason)
                values (:incident, :from, :to, :by, :byUsername, :at, :reason)""")
                .setParameter("incident", id.value())
                .setParameter("from", from.name())
                .setParameter("to", to.name())
                .setParameter("by", changedBy.subjectId())
                .setParameter("byUsername", changedBy.username())
                .setParameter("at", changedAt)
                .setParameter("reason", reason)
                .executeUpdate();
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

    private static RecoveryAddressRow toRow(RecoveryAddress address) {
        RecoveryAddressRow row = new RecoveryAddressRow();
        row.chainId = address.chainId();
        row.address = address.address();
        return row;
    }

    private static Incident toDomain(IncidentEntity entity) {
        List<AssetSpec> assets = entity.assets.stream()
                .map(row -> new AssetSpec(row.symbol, row.chainId, Optional.ofNullable(row.tokenContract), row.decimals))
                .toList();
        IncidentDeclaration declaration = new IncidentDeclaration(entity.exchange, entity.title, entity.cutoffAt,
                entity.description, assets, entity.recoveryAddresses.stream()
                        .map(row -> new RecoveryAddress(row.chainId, row.address)).toList());
        return new Incident(new IncidentId(entity.id), declaration, entity.state,
                Actor.withUsernameIfRecorded(entity.declaredBy, entity.declaredByUsername), entity.declaredAt,
                Optional.ofNullable(entity.claimsDeadline));
    }
}

package dev.restitution.payout.batch.persistence;

import dev.restitution.payout.batch.domain.Batch;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Maps batches between the domain and their rows; entities never leave this package. */
@ApplicationScoped
public class BatchRepository implements PanacheRepositoryBase<BatchEntity, UUID> {

    /** Newest first; {@code offset} and {@code limit} are bounded by the API. */
    public List<Batch> page(int offset, int limit) {
        return findAll(Sort.descending("proposedAt").and("id")).range(offset, offset + limit - 1).list()
                .stream().map(BatchRepository::toDomain).toList();
    }

    private static Batch toDomain(BatchEntity entity) {
        return new Batch(entity.id, entity.incidentId, entity.chainId, entity.assetSymbol, entity.state,
                entity.itemCount, entity.totalMinorUnits, entity.itemsHash, entity.proposedBy, entity.proposedAt);
    }
}

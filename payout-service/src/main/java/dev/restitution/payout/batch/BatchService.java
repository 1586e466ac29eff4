package dev.restitution.payout.batch;

import dev.restitution.payout.batch.domain.Batch;
import dev.restitution.payout.batch.persistence.BatchRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** Reads payout batches; proposing, approving and executing them comes with the payout flow. */
@ApplicationScoped
public class BatchService {

    private final BatchRepository batches;

    public BatchService(BatchRepository batches) {
        this.batches = batches;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page page(int offset, int limit) {
        return new Page(batches.page(offset, limit), batches.count());
    }

    public record Page(List<Batch> items, long total) {
    }
}

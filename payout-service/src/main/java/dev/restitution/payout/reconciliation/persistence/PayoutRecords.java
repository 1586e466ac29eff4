package dev.restitution.payout.reconciliation.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What reconciliation reads of batches, instructions and payment orders besides the orders' transactions
 * ({@link ReconciledOrders}): which batches are in scope, each instruction's recorded payment, the senders and the
 * held orders of those batches. Every read is bounded by the limit its caller gives.
 */
@ApplicationScoped
public class PayoutRecords {

    /** An instruction of a batch in scope with what its payment order says. */
    public record RecordedPayment(UUID instructionId, String state, String txHash, Long blockNumber, UUID orderId,
                                  String orderState, String orderTxHash, long chainId) {
    }

    /** A sender that signed payment orders of the batches in scope, on its chain. */
    public record Sender(long chainId, String address) {
    }

    /** A payment order whose execution is held, pending a person. */
    public record Held(UUID orderId, UUID batchId, String reason, Instant heldAt) {
    }

    private final EntityManager entityManager;

    public PayoutRecords(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public Optional<UUID> incidentOfBatch(UUID batchId) {
        List<?> incident = entityManager.createNativeQuery("select cast(incident_id as text) from payout_batch where id = :id")
                .setParameter("id", batchId).getResultList();
        return incident.stream().map(row -> UUID.fromString(row.toString())).findFirst();
    }

    /** The incident's batches, oldest first, at most {@code limit}. */
    public List<UUID> batchesOfIncident(UUID incidentId, int limit) {
        List<?> rows = entityManager.createNativeQuery("""
                        select cast(id as text) from payout_batch where incident_id = :incident order by proposed_at, id""")
                .setParameter("incident", incidentId).setMaxResults(limit).getResultList();
        return rows.stream().map(row -> UUID.fromString(row.toString())).toList();
    }

    /** Each instruction of the batches with its order's state and transaction, in batch order, at most {@code limit}. */
    public List<RecordedPayment> recordedPayments(List<UUID> batches, int limit) {
        List<?> rows = entityManager.createNativeQuery("""
                        select cast(i.id as text), i.state, i.tx_hash, i.block_number, cast(o.id as text), o.state,
                               o.confirmed_tx_hash, b.chain_id
                        from payout_batch_item bi
                        join payout_batch b on b.id = bi.batch_id
                        join payout_instruction i on i.id = bi.instruction_id and i.batch_id = bi.batch_id
                        left join payment_order o on o.id = bi.order_id
                        where bi.batch_id in (:batches) order by bi.batch_id, bi.position""")
                .setParameter("batches", batches).setMaxResults(limit).getResultList();
        return rows.stream().map(row -> (Object[]) row).map(row -> new RecordedPayment(UUID.fromString((String) row[0]),
                (String) row[1], trimmed(row[2]), row[3] == null ? null : ((Number) row[3]).longValue(),
                row[4] == null ? null : UUID.fromString((String) row[4]), (String) row[5], trimmed(row[6]),
                ((Number) row[7]).longValue())).toList();
    }

    public List<Sender> senders(List<UUID> batches, int limit) {
        List<?> rows = entityManager.createNativeQuery("""
                        select distinct chain_id, sender from payment_order
                        where batch_id in (:batches) and sender is not null""")
                .setParameter("batches", batches).setMaxResults(limit).getResultList();
        return rows.stream().map(row -> (Object[]) row)
                .map(row -> new Sender(((Number) row[0]).longValue(), row[1].toString())).toList();
    }

    public List<Held> held(List<UUID> batches, int limit) {
        List<?> rows = entityManager.createNativeQuery("""
                        select cast(id as text), cast(batch_id as text), held_reason, held_at from payment_order
                        where batch_id in (:batches) and held_at is not null and state = 'PENDING'
                        order by held_at, id""")
                .setParameter("batches", batches).setMaxResults(limit).getResultList();
        return rows.stream().map(row -> (Object[]) row).map(row -> new Held(UUID.fromString((String) row[0]),
                UUID.fromString((String) row[1]), (String) row[2], instant(row[3]))).toList();
    }

    private static String trimmed(Object text) {
        return text == null ? null : text.toString().trim();
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        return value instanceof Timestamp timestamp ? timestamp.toInstant() : ((OffsetDateTime) value).toInstant();
    }
}

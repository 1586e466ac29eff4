package dev.restitution.payout.batch.persistence;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.id.EntitlementId;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.persistence.SqlValues;
import dev.restitution.payout.batch.domain.Batch;
import dev.restitution.payout.batch.domain.BatchItem;
import dev.restitution.payout.batch.domain.BatchState;
import dev.restitution.payout.id.BatchId;
import dev.restitution.payout.id.InstructionId;
import dev.restitution.payout.rail.PaymentMethod;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The payout_batch, payout_batch_item and payout_batch_approval rows; rows never leave this package. */
@ApplicationScoped
public class BatchStore {

    private static final String COLUMNS = """
            id, incident_id, chain_id, asset_symbol, token_contract, state, item_count, recipient_count,
            total_minor_units, items_hash, required_approvals, contract_item_count, plain_transfer_count,
            estimated_gas, proposed_by, proposed_by_name, proposed_at, decided_at""";
    private static final String ITEM_COLUMNS = """
            batch_id, position, instruction_id, entitlement_id, recipient, amount_minor_units, method,
            recipient_fresh, estimated_gas, order_id""";

    private static EntityManager em() {
        return Panache.getEntityManager();
    }

    /** Inserts the batch unless its proposer already used the key; false then (nothing written). */
    public boolean insert(Batch batch, String idempotencyKey) {
        return em().createNativeQuery("""
                        insert into payout_batch (id, incident_id, chain_id, asset_symbol, token_contract, state,
                            item_count, recipient_count, total_minor_units, items_hash, required_approvals,
                            contract_item_count, plain_transfer_count, estimated_gas, proposed_by, proposed_by_name,
                            proposed_at, idempotency_key)
                        values (:id, :incident, :chain, :asset, :token, :state, :items, :recipients, :total, :hash,
                            :required, :contractItems, :plainTransfers, :gas, :by, :byName, :at, :key)
                        on conflict (proposed_by, idempotency_key) do nothing""")
                .setParameter("id", batch.id().value())
                .setParameter("incident", batch.incidentId().value())
                .setParameter("chain", batch.chainId())
                .setParameter("asset", batch.assetSymbol())
                .setParameter("token", batch.tokenContract().orElse(null))
                .setParameter("state", batch.state().name())
                .setParameter("items", batch.itemCount())
                .setParameter("recipients", batch.recipientCount())
                .setParameter("total", SqlValues.numeric(batch.totalMinorUnits()))
                .setParameter("hash", batch.itemsHash())
                .setParameter("required", batch.requiredApprovals())
                .setParameter("contractItems", batch.contractItemCount())
                .setParameter("plainTransfers", batch.plainTransferCount())
                .setParameter("gas", batch.estimatedGas())
                .setParameter("by", batch.proposedBy().subjectId())
                .setParameter("byName", batch.proposedBy().username())
                .setParameter("at", batch.proposedAt())
                .setParameter("key", idempotencyKey)
                .executeUpdate() == 1;
    }

    public void insertItems(List<BatchItem> items) {
        for (BatchItem item : items) {
            em().createNativeQuery("""
                            insert into payout_batch_item (batch_id, position, instruction_id, entitlement_id, recipient,
                                amount_minor_units, method, recipient_fresh, estimated_gas)
                            values (:batch, :position, :instruction, :entitlement, :recipient, :amount, :method,
                                :fresh, :gas)""")
                    .setParameter("batch", item.batchId().value())
                    .setParameter("position", item.position())
                    .setParameter("instruction", item.instructionId().value())
                    .setParameter("entitlement", item.entitlementId().value())
                    .setParameter("recipient", item.recipient())
                    .setParameter("amount", SqlValues.numeric(item.amount()))
                    .setParameter("method", item.method().name())
                    .setParameter("fresh", item.recipientFresh())
                    .setParameter("gas", item.estimatedGas())
                    .executeUpdate();
        }
    }

    public Optional<Batch> find(BatchId id) {
        return one(em().createNativeQuery("select " + COLUMNS + " from payout_batch where id = :id")
                .setParameter("id", id.value()));
    }

    /** Ids of the PROPOSED or APPROVED batches holding any of these instructions. */
    @SuppressWarnings("unchecked")
    public List<BatchId> openBatchesHolding(List<InstructionId> instructionIds) {
        if (instructionIds.isEmpty()) {
            return List.of();
        }
        return ((List<Object>) em().createNativeQuery("""
                        select distinct b.id from payout_batch b join payout_batch_item i on i.batch_id = b.id
                        where i.instruction_id in (:ids) and b.state in ('PROPOSED', 'APPROVED') order by b.id""")
                .setParameter("ids", instructionIds.stream().map(InstructionId::value).toList())
                .getResultList()).stream().map(SqlValues::uuid).map(BatchId::new).toList();
    }

    /** The batch, locked until the transaction ends: approvals and cancellations of one batch take turns. */
    public Optional<Batch> lock(BatchId id) {
        return one(em().createNativeQuery("select " + COLUMNS + " from payout_batch where id = :id for update")
                .setParameter("id", id.value()));
    }

    public Optional<Batch> findByKey(Actor proposedBy, String idempotencyKey) {
        return one(em().createNativeQuery("select " + COLUMNS
                        + " from payout_batch where proposed_by = :by and idempotency_key = :key")
                .setParameter("by", proposedBy.subjectId())
                .setParameter("key", idempotencyKey));
    }

    /** One page of the batches, newest first; of one incident when {@code incidentId} is present. */
    public List<Batch> page(Optional<IncidentId> incidentId, int offset, int limit) {
        Query query = em().createNativeQuery("select " + COLUMNS + " from payout_batch" + incidentFilter(incidentId)
                        + " order by proposed_at desc, id offset :offset limit :limit")
                .setParameter("offset", offset)
                .setParameter("limit", limit);
        incidentId.ifPresent(incident -> query.setParameter("incident", incident.value()));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(this::toBatch).toList();
    }

    /** How many batches there are; of one incident when {@code incidentId} is present. */
    public long count(Optional<IncidentId> incidentId) {
        Query query = em().createNativeQuery("select count(*) from payout_batch" + incidentFilter(incidentId));
        incidentId.ifPresent(incident -> query.setParameter("incident", incident.value()));
        return SqlValues.count(query.getSingleResult());
    }

    private static String incidentFilter(Optional<IncidentId> incidentId) {
        return incidentId.isPresent() ? " where incident_id = :incident" : "";
    }

    /** Items in position order, one page. */
    public List<BatchItem> items(BatchId batchId, int offset, int limit) {
        return items(em().createNativeQuery("select " + ITEM_COLUMNS
                        + " from payout_batch_item where batch_id = :batch order by position offset :offset limit :limit")
                .setParameter("batch", batchId.value())
                .setParameter("offset", offset)
                .setParameter("limit", limit));
    }

    /** Every item in position order (a batch is bounded by the configured item limit). */
    public List<BatchItem> allItems(BatchId batchId) {
        return items(em().createNativeQuery("select " + ITEM_COLUMNS
                        + " from payout_batch_item where batch_id = :batch order by position")
                .setParameter("batch", batchId.value()));
    }

    /** The items a payment order pays, in position order. */
    public List<BatchItem> itemsOfOrder(UUID orderId) {
        return items(em().createNativeQuery("select " + ITEM_COLUMNS
                        + " from payout_batch_item where order_id = :order order by position")
                .setParameter("order", orderId));
    }

    public void assignOrder(BatchId batchId, int position, UUID orderId) {
        int updated = em().createNativeQuery("""
                        update payout_batch_item set order_id = :order
                        where batch_id = :batch and position = :position and order_id is null""")
                .setParameter("order", orderId)
                .setParameter("batch", batchId.value())
                .setParameter("position", position)
                .executeUpdate();
        if (updated != 1) {
            throw new IllegalStateException("item " + position + " of batch " + batchId + " already has an order");
        }
    }

    public void addApproval(BatchId batchId, Batch.Approval approval) {
        em().createNativeQuery("""
                        insert into payout_batch_approval (batch_id, approved_by, approver_name, items_hash, approved_at)
                        values (:batch, :by, :name, :hash, :at)""")
                .setParameter("batch", batchId.value())
                .setParameter("by", approval.approvedBy().subjectId())
                .setParameter("name", approval.approvedBy().username())
                .setParameter("hash", approval.itemsHash())
                .setParameter("at", approval.approvedAt())
                .executeUpdate();
    }

    /** Moves the batch from {@code from} to {@code to}; a decision (approval, cancellation) also stamps decided_at. */
    public void move(BatchId batchId, BatchState from, BatchState to, Optional<Instant> decidedAt) {
        Query update = em().createNativeQuery("update payout_batch set state = :to"
                + (decidedAt.isPresent() ? ", decided_at = :at" : "") + " where id = :id and state = :from");
        decidedAt.ifPresent(at -> update.setParameter("at", at));
        int moved = update.setParameter("to", to.name())
                .setParameter("id", batchId.value())
                .setParameter("from", from.name())
                .executeUpdate();
        if (moved != 1) {
            throw new IllegalStateException("batch " + batchId + " was not " + from + " when moving it to " + to);
        }
    }

    private Optional<Batch> one(Query query) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().findFirst().map(this::toBatch);
    }

    private List<Batch.Approval> approvals(BatchId batchId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("""
                        select approved_by, approver_name, items_hash, approved_at from payout_batch_approval
                        where batch_id = :batch order by approved_at, approved_by""")
                .setParameter("batch", batchId.value())
                .getResultList();
        return rows.stream().map(row -> new Batch.Approval(new Actor((String) row[0], (String) row[1]), (String) row[2],
                SqlValues.instant(row[3]))).toList();
    }

    private Batch toBatch(Object[] row) {
        BatchId id = new BatchId(SqlValues.uuid(row[0]));
        return new Batch(id, new IncidentId(SqlValues.uuid(row[1])), SqlValues.count(row[2]), (String) row[3],
                Optional.ofNullable((String) row[4]), BatchState.valueOf((String) row[5]), (int) SqlValues.count(row[6]),
                (int) SqlValues.count(row[7]), SqlValues.amount(row[8]), (String) row[9], (int) SqlValues.count(row[10]),
                approvals(id), (int) SqlValues.count(row[11]), (int) SqlValues.count(row[12]), SqlValues.count(row[13]),
                new Actor((String) row[14], (String) row[15]), SqlValues.instant(row[16]),
                Optional.ofNullable(row[17]).map(SqlValues::instant));
    }

    @SuppressWarnings("unchecked")
    private static List<BatchItem> items(Query query) {
        return ((List<Object[]>) query.getResultList()).stream().map(row -> new BatchItem(
                new BatchId(SqlValues.uuid(row[0])), (int) SqlValues.count(row[1]), new InstructionId(SqlValues.uuid(row[2])),
                new EntitlementId(SqlValues.uuid(row[3])), (String) row[4],
                SqlValues.amount(row[5]), PaymentMethod.valueOf((String) row[6]), (Boolean) row[7],
                SqlValues.count(row[8]), Optional.ofNullable(row[9]).map(SqlValues::uuid))).toList();
    }
}

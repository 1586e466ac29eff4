package dev.restitution.payout.instruction.persistence;

import dev.restitution.kit.id.ClaimId;
import dev.restitution.kit.id.EntitlementId;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.id.LineId;
import dev.restitution.kit.id.RoundId;
import dev.restitution.kit.persistence.SqlValues;
import dev.restitution.payout.id.BatchId;
import dev.restitution.payout.id.InstructionId;
import dev.restitution.payout.instruction.domain.Instruction;
import dev.restitution.payout.instruction.domain.InstructionState;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The payout_instruction rows; rows never leave this package, callers get {@link Instruction}s. */
@ApplicationScoped
public class InstructionStore {

    private static final String COLUMNS = """
            id, entitlement_id, round_id, incident_id, claim_id, line_id, asset_symbol, chain_id, token_contract,
            amount_minor_units, payout_address, state, batch_id, tx_hash, block_number, failure_reason,
            created_at, updated_at""";

    /** Optional filters of a listing; empty means any. */
    public record Filter(Optional<IncidentId> incidentId, Optional<Long> chainId, Optional<String> assetSymbol,
                         Optional<InstructionState> state, Optional<BatchId> batchId) {
    }

    private static EntityManager em() {
        return Panache.getEntityManager();
    }

    /** Inserts {@code instruction}, with the trace of the claim it pays (a W3C traceparent) when its entitlement carried one. */
    public void insert(Instruction instruction, UUID sourceEventId, Optional<String> traceParent) {
        em().createNativeQuery("""
                        insert into payout_instruction (id, entitlement_id, round_id, incident_id, claim_id, line_id,
                            asset_symbol, chain_id, token_contract, amount_minor_units, payout_address, state,
                            source_event_id, created_at, updated_at, trace_parent)
                        values (:id, :entitlement, :round, :incident, :claim, :line, :asset, :chain, :token, :amount,
                            :address, :state, :event, :at, :at, cast(:traceParent as text))""")
                .setParameter("id", instruction.id().value())
                .setParameter("entitlement", instruction.entitlementId().value())
                .setParameter("round", instruction.roundId().value())
                .setParameter("incident", instruction.incidentId().value())
                .setParameter("claim", instruction.claimId().value())
                .setParameter("line", instruction.lineId().value())
                .setParameter("asset", instruction.assetSymbol())
                .setParameter("chain", instruction.chainId())
                .setParameter("token", instruction.tokenContract().orElse(null))
                .setParameter("amount", SqlValues.numeric(instruction.amount()))
                .setParameter("address", instruction.payoutAddress())
                .setParameter("state", instruction.state().name())
                .setParameter("event", sourceEventId)
                .setParameter("at", instruction.createdAt())
                .setParameter("traceParent", traceParent.orElse(null))
                .executeUpdate();
    }

    /** The claim traces (W3C traceparents) stored with these instructions, by instruction; those without one are absent. */
    public Map<InstructionId, String> traceParents(List<InstructionId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("""
                        select id, trace_parent from payout_instruction
                        where id in (:ids) and trace_parent is not null order by id""")
                .setParameter("ids", values(ids))
                .getResultList();
        Map<InstructionId, String> found = new LinkedHashMap<>();
        rows.forEach(row -> found.put(new InstructionId(SqlValues.uuid(row[0])), (String) row[1]));
        return found;
    }

    public Optional<Instruction> findByEntitlement(EntitlementId entitlementId) {
        return list(em().createNativeQuery("select " + COLUMNS + " from payout_instruction where entitlement_id = :id")
                .setParameter("id", entitlementId.value())).stream().findFirst();
    }

    public List<Instruction> findAll(List<InstructionId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return list(em().createNativeQuery("select " + COLUMNS + " from payout_instruction where id in (:ids) order by id")
                .setParameter("ids", values(ids)));
    }

    /**
     * The oldest pending instructions of one incident, chain and asset, at most {@code limit}, locked until the
     * transaction ends; rows another transaction holds are skipped, so two proposals never take the same one.
     */
    public List<Instruction> lockPending(IncidentId incidentId, long chainId, String assetSymbol, int limit) {
        return list(em().createNativeQuery("select " + COLUMNS + """
                         from payout_instruction
                        where state = 'PENDING' and incident_id = :incident and chain_id = :chain and asset_symbol = :asset
                        order by created_at, id limit :limit for update skip locked""")
                .setParameter("incident", incidentId.value())
                .setParameter("chain", chainId)
                .setParameter("asset", assetSymbol)
                .setParameter("limit", limit));
    }

    /** The instructions in {@code state} paying {@code address} on {@code chainId} (any spelling), locked. */
    public List<Instruction> lockByAddress(long chainId, String address, InstructionState state) {
        return list(em().createNativeQuery("select " + COLUMNS + """
                         from payout_instruction
                        where chain_id = :chain and lower(payout_address) = :address and state = :state
                        order by created_at, id for update""")
                .setParameter("chain", chainId)
                .setParameter("address", address.toLowerCase(Locale.ROOT))
                .setParameter("state", state.name()));
    }

    /** Every instruction of a claim on a chain, locked until the transaction ends, oldest first. */
    public List<Instruction> lockOfClaimChain(ClaimId claimId, long chainId) {
        return list(em().createNativeQuery("select " + COLUMNS + """
                         from payout_instruction where claim_id = :claim and chain_id = :chain
                        order by created_at, id for update""")
                .setParameter("claim", claimId.value())
                .setParameter("chain", chainId));
    }

    /**
     * Moves the instructions from {@code from} to {@code to} paying {@code address} (a payout address change settled);
     * every one of them must be in {@code from}.
     */
    public void readdress(List<InstructionId> ids, InstructionState from, InstructionState to, String address,
                          Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        int moved = em().createNativeQuery("""
                        update payout_instruction set state = :to, payout_address = :address, batch_id = null,
                            updated_at = :at where id in (:ids) and state = :from""")
                .setParameter("to", to.name())
                .setParameter("address", address)
                .setParameter("at", now)
                .setParameter("ids", values(ids))
                .setParameter("from", from.name())
                .executeUpdate();
        requireAll(ids, moved, from, to);
    }

    /** One instruction, locked until the transaction ends. */
    public Optional<Instruction> lock(InstructionId id) {
        return list(em().createNativeQuery("select " + COLUMNS + " from payout_instruction where id = :id for update")
                .setParameter("id", id.value())).stream().findFirst();
    }

    /**
     * The payment orders that were to pay the instruction and could still put a transaction on the chain: every
     * order not FAILED, and every FAILED order that signed a transaction none of which was seen mined (its nonce
     * is then still open, so the signed transaction may be mined yet). An order that failed before signing, or
     * whose transaction was mined and reverted to the confirmation depth, can no longer pay anything. Reads the
     * execution side's tables only.
     */
    public List<UUID> ordersThatMayStillPay(InstructionId instructionId) {
        @SuppressWarnings("unchecked")
        List<Object> ids = em().createNativeQuery("""
                        select o.id from payment_order o
                         where exists (select 1 from payment_item i where i.order_id = o.id and i.instruction_id = :id)
                           and (o.state <> 'FAILED'
                                or (exists (select 1 from payment_transaction t where t.order_id = o.id)
                                    and not exists (select 1 from payment_transaction t
                                                     where t.order_id = o.id and t.mined_block_number is not null)))
                         order by o.queued_at, o.id""")
                .setParameter("id", instructionId.value())
                .getResultList();
        return ids.stream().map(SqlValues::uuid).toList();
    }

    /** FAILED to PENDING, out of its batch and without its failure reason, for a new batch to pay it. */
    public void retry(InstructionId id, Instant now) {
        int moved = em().createNativeQuery("""
                        update payout_instruction set state = 'PENDING', batch_id = null, failure_reason = null,
                               updated_at = :at
                        where id = :id and state = 'FAILED'""")
                .setParameter("at", now)
                .setParameter("id", id.value())
                .executeUpdate();
        requireAll(List.of(id), moved, InstructionState.FAILED, InstructionState.PENDING);
    }

    /** Moves the instructions from {@code from} to {@code to}; every one of them must be in {@code from}. */
    public void move(List<InstructionId> ids, InstructionState from, InstructionState to, Optional<BatchId> batchId, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        // Two statements rather than a null bind: a null uuid parameter has no type PostgreSQL accepts.
        Query update = em().createNativeQuery("update payout_instruction set state = :to, batch_id = "
                + (batchId.isPresent() ? ":batch" : "null") + ", updated_at = :at where id in (:ids) and state = :from");
        batchId.ifPresent(batch -> update.setParameter("batch", batch.value()));
        int moved = update
                .setParameter("to", to.name())
                .setParameter("at", now)
                .setParameter("ids", values(ids))
                .setParameter("from", from.name())
                .executeUpdate();
        requireAll(ids, moved, from, to);
    }

    public void markPaid(List<InstructionId> ids, String txHash, long blockNumber, Instant now) {
        int moved = em().createNativeQuery("""
                        update payout_instruction set state = 'PAID', tx_hash = :tx, block_number = :block, updated_at = :at
                        where id in (:ids) and state = 'BATCHED'""")
                .setParameter("tx", txHash)
                .setParameter("block", blockNumber)
                .setParameter("at", now)
                .setParameter("ids", values(ids))
                .executeUpdate();
        requireAll(ids, moved, InstructionState.BATCHED, InstructionState.PAID);
    }

    public void markFailed(List<InstructionId> ids, String reason, Instant now) {
        int moved = em().createNativeQuery("""
                        update payout_instruction set state = 'FAILED', failure_reason = :reason, updated_at = :at
                        where id in (:ids) and state = 'BATCHED'""")
                .setParameter("reason", reason)
                .setParameter("at", now)
                .setParameter("ids", values(ids))
                .executeUpdate();
        requireAll(ids, moved, InstructionState.BATCHED, InstructionState.FAILED);
    }

    private static void requireAll(List<InstructionId> ids, int moved, InstructionState from, InstructionState to) {
        if (moved != ids.size()) {
            throw new IllegalStateException("moved " + moved + " of " + ids.size() + " instructions from " + from
                    + " to " + to + ": some were not " + from);
        }
    }

    public List<Instruction> page(Filter filter, int offset, int limit) {
        Query query = em().createNativeQuery("select " + COLUMNS + " from payout_instruction" + where(filter)
                + " order by created_at, id offset :offset limit :limit");
        bind(query, filter);
        return list(query.setParameter("offset", offset).setParameter("limit", limit));
    }

    public long count(Filter filter) {
        Query query = em().createNativeQuery("select count(*) from payout_instruction" + where(filter));
        bind(query, filter);
        return SqlValues.count(query.getSingleResult());
    }

    private static String where(Filter filter) {
        List<String> conditions = new ArrayList<>();
        filter.incidentId().ifPresent(value -> conditions.add("incident_id = :incident"));
        filter.chainId().ifPresent(value -> conditions.add("chain_id = :chain"));
        filter.assetSymbol().ifPresent(value -> conditions.add("asset_symbol = :asset"));
        filter.state().ifPresent(value -> conditions.add("state = :state"));
        filter.batchId().ifPresent(value -> conditions.add("batch_id = :batch"));
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    private static void bind(Query query, Filter filter) {
        filter.incidentId().ifPresent(value -> query.setParameter("incident", value.value()));
        filter.chainId().ifPresent(value -> query.setParameter("chain", value));
        filter.assetSymbol().ifPresent(value -> query.setParameter("asset", value));
        filter.state().ifPresent(value -> query.setParameter("state", value.name()));
        filter.batchId().ifPresent(value -> query.setParameter("batch", value.value()));
    }

    private static List<UUID> values(List<InstructionId> ids) {
        return ids.stream().map(InstructionId::value).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Instruction> list(Query query) {
        return ((List<Object[]>) query.getResultList()).stream().map(InstructionStore::toInstruction).toList();
    }

    private static Instruction toInstruction(Object[] row) {
        return new Instruction(new InstructionId(SqlValues.uuid(row[0])), new EntitlementId(SqlValues.uuid(row[1])),
                new RoundId(SqlValues.uuid(row[2])), new IncidentId(SqlValues.uuid(row[3])),
                new ClaimId(SqlValues.uuid(row[4])), new LineId(SqlValues.uuid(row[5])), (String) row[6],
                SqlValues.count(row[7]), Optional.ofNullable((String) row[8]), SqlValues.amount(row[9]),
                (String) row[10], InstructionState.valueOf((String) row[11]),
                Optional.ofNullable(row[12]).map(SqlValues::uuid).map(BatchId::new), Optional.ofNullable((String) row[13]),
                Optional.ofNullable(row[14]).map(SqlValues::count), Optional.ofNullable((String) row[15]),
                SqlValues.instant(row[16]), SqlValues.instant(row[17]));
    }
}

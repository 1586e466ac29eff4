package dev.restitution.payout.reconciliation;

import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemException;
import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.engine.ChainReader;
import dev.restitution.payout.reconciliation.ChainReconciliation;
import dev.restitution.payout.reconciliation.ChainReconciliation.Kind;
import dev.restitution.payout.engine.persistence.Nonces;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * One incident's or one batch's payouts, compared with the chain: the payment orders by {@link ChainReconciliation}
 * (receipts, BatchPaid events, recipients' balances, senders' transaction counts), and each instruction's recorded
 * payment against its order and the chain. Reads only; bounded in batches, orders and instructions.
 */
@ApplicationScoped
public class ReconciliationService {

    static final int MAX_BATCHES = 10_000;
    static final int MAX_INSTRUCTIONS = 50_000;
    static final int MAX_LISTED = 1_000;

    private final EntityManager entityManager;
    private final ChainReconciliation chainReconciliation;
    private final ChainReader chain;
    private final Nonces nonces;
    private final Clock clock;
    private final long chainId;

    public ReconciliationService(EntityManager entityManager, ChainReconciliation chainReconciliation, ChainReader chain,
                                 Nonces nonces, Clock clock, PayoutConfig config) {
        this.entityManager = entityManager;
        this.chainReconciliation = chainReconciliation;
        this.chain = chain;
        this.nonces = nonces;
        this.clock = clock;
        this.chainId = config.chain().chainId();
    }

    public record Difference(Kind kind, Optional<UUID> orderId, Optional<UUID> instructionId, Optional<String> txHash,
                             String detail) {
    }

    public record HeldOrder(UUID orderId, UUID batchId, String reason, Instant heldAt) {
    }

    public record Result(Optional<UUID> incidentId, Optional<UUID> batchId, Instant checkedAt, int ordersChecked,
                         int eventsChecked, int instructionsChecked, List<ChainReconciliation.AssetTotal> totals,
                         List<Difference> differences, List<Nonces.Halt> haltedSenders, List<HeldOrder> heldOrders) {
    }

    /**
     * @throws ProblemException 400 without a scope or for one too large to compare at once; 404 for an unknown
     *         batch, a batch of another incident, or an incident without batches
     */
    public Result reconcile(Optional<UUID> incidentId, Optional<UUID> batchId) {
        if (incidentId.isEmpty() && batchId.isEmpty()) {
            throw ProblemException.invalid(List.of(new FieldViolation("incidentId", "incidentId or batchId is required"),
                    new FieldViolation("batchId", "incidentId or batchId is required")));
        }
        Instant checkedAt = clock.instant();
        List<UUID> batches = QuarkusTransaction.requiringNew().call(() -> batchesOf(incidentId, batchId));
        ChainReconciliation.Report report;
        try {
            report = chainReconciliation.reconcileBatches(batches);
        } catch (IllegalArgumentException tooLarge) {
            throw ProblemException.invalid(List.of(new FieldViolation(batchId.isPresent() ? "batchId" : "incidentId",
                    tooLarge.getMessage())));
        }
        List<Difference> differences = new ArrayList<>(report.differences().stream()
                .map(difference -> new Difference(difference.kind(), difference.orderId(), Optional.empty(),
                        difference.txHash(), difference.detail())).toList());
        int instructions = checkInstructions(batches, differences);
        return new Result(incidentId, batchId, checkedAt, report.ordersChecked(), report.eventsChecked(), instructions,
                report.totals(), differences, QuarkusTransaction.requiringNew().call(() -> halted(batches)),
                QuarkusTransaction.requiringNew().call(() -> held(batches)));
    }

    private List<UUID> batchesOf(Optional<UUID> incidentId, Optional<UUID> batchId) {
        if (batchId.isPresent()) {
            List<?> incident = entityManager.createNativeQuery("select cast(incident_id as text) from payout_batch where id = :id")
                    .setParameter("id", batchId.get()).getResultList();
            if (incident.isEmpty() || incidentId.filter(id -> !id.toString().equals(incident.getFirst())).isPresent()) {
                throw ProblemException.notFound("batch " + batchId.get()
                        + incidentId.map(id -> " of incident " + id).orElse(""));
            }
            return List.of(batchId.get());
        }
        List<?> rows = entityManager.createNativeQuery("""
                        select cast(id as text) from payout_batch where incident_id = :incident order by proposed_at, id""")
                .setParameter("incident", incidentId.orElseThrow()).setMaxResults(MAX_BATCHES + 1).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("a payout batch of incident " + incidentId.get());
        }
        if (rows.size() > MAX_BATCHES) {
            throw ProblemException.invalid(List.of(new FieldViolation("incidentId", "the incident has more than "
                    + MAX_BATCHES + " batches; reconcile them one batch at a time")));
        }
        return rows.stream().map(row -> UUID.fromString(row.toString())).toList();
    }

    private record Recorded(UUID instructionId, String state, String txHash, Long blockNumber, UUID orderId,
                            String orderState, String orderTxHash) {
    }

    /**
     * Each instruction whose current batch is in scope: PAID only by its order's confirmed transaction, that
     * transaction succeeding on the canonical chain in the recorded block; an order confirmed only with its
     * instructions PAID. Answers how many instructions were compared.
     */
    private int checkInstructions(List<UUID> batches, List<Difference> differences) {
        List<Recorded> recorded = QuarkusTransaction.requiringNew().call(() -> recordedPayments(batches));
        Map<String, Boolean> onChain = new HashMap<>();
        for (Recorded instruction : recorded) {
            boolean paid = "PAID".equals(instruction.state());
            boolean orderConfirmed = "CONFIRMED".equals(instruction.orderState());
            if (paid && (!orderConfirmed || !instruction.txHash().equals(instruction.orderTxHash()))) {
                differences.add(new Difference(Kind.INSTRUCTION_MISMATCH, Optional.ofNullable(instruction.orderId()),
                        Optional.of(instruction.instructionId()), Optional.of(instruction.txHash()),
                        "PAID in " + instruction.txHash() + " but its payment order is " + instruction.orderState()
                        + (orderConfirmed ? " in " + instruction.orderTxHash() : "")));
            }
            if (!paid && orderConfirmed) {
                differences.add(new Difference(Kind.INSTRUCTION_MISMATCH, Optional.of(instruction.orderId()),
                        Optional.of(instruction.instructionId()), Optional.of(instruction.orderTxHash()),
                        "its payment order is confirmed in " + instruction.orderTxHash() + " but the instruction is "
                        + instruction.state()));
            }
            if (paid && !onChain.computeIfAbsent(instruction.txHash() + "@" + instruction.blockNumber(),
                    key -> succeededIn(instruction.txHash(), instruction.blockNumber()))) {
                differences.add(new Difference(Kind.PAID_NOT_ON_CHAIN, Optional.ofNullable(instruction.orderId()),
                        Optional.of(instruction.instructionId()), Optional.of(instruction.txHash()),
                        "recorded as paid in block " + instruction.blockNumber()
                        + " but the chain shows no successful transaction " + instruction.txHash() + " there"));
            }
        }
        return recorded.size();
    }

    private boolean succeededIn(String txHash, long blockNumber) {
        Optional<TransactionReceipt> receipt = chain.receipt(txHash);
        return receipt.isPresent() && receipt.get().isStatusOK()
                && receipt.get().getBlockNumber().longValueExact() == blockNumber
                && chain.canonicalHash(blockNumber).filter(receipt.get().getBlockHash()::equals).isPresent();
    }

    private List<Recorded> recordedPayments(List<UUID> batches) {
        List<?> rows = entityManager.createNativeQuery("""
                        select cast(i.id as text), i.state, i.tx_hash, i.block_number, cast(o.id as text), o.state,
                               o.confirmed_tx_hash
                        from payout_batch_item bi
                        join payout_instruction i on i.id = bi.instruction_id and i.batch_id = bi.batch_id
                        left join payment_order o on o.id = bi.order_id
                        where bi.batch_id in (:batches) order by bi.batch_id, bi.position""")
                .setParameter("batches", batches).setMaxResults(MAX_INSTRUCTIONS + 1).getResultList();
        if (rows.size() > MAX_INSTRUCTIONS) {
            throw ProblemException.invalid(List.of(new FieldViolation("incidentId", "more than " + MAX_INSTRUCTIONS
                    + " instructions; reconcile one batch at a time")));
        }
        return rows.stream().map(row -> (Object[]) row).map(row -> new Recorded(UUID.fromString((String) row[0]),
                (String) row[1], trimmed(row[2]), row[3] == null ? null : ((Number) row[3]).longValue(),
                row[4] == null ? null : UUID.fromString((String) row[4]), (String) row[5], trimmed(row[6]))).toList();
    }

    private static String trimmed(Object text) {
        return text == null ? null : text.toString().trim();
    }

    private List<Nonces.Halt> halted(List<UUID> batches) {
        List<?> senders = entityManager.createNativeQuery("""
                        select distinct sender from payment_order where batch_id in (:batches) and sender is not null""")
                .setParameter("batches", batches).setMaxResults(MAX_LISTED).getResultList();
        return senders.stream().map(sender -> nonces.halt(chainId, sender.toString())).flatMap(Optional::stream).toList();
    }

    private List<HeldOrder> held(List<UUID> batches) {
        List<?> rows = entityManager.createNativeQuery("""
                        select cast(id as text), cast(batch_id as text), held_reason, held_at from payment_order
                        where batch_id in (:batches) and held_at is not null and state = 'PENDING'
                        order by held_at, id""")
                .setParameter("batches", batches).setMaxResults(MAX_LISTED).getResultList();
        return rows.stream().map(row -> (Object[]) row).map(row -> new HeldOrder(UUID.fromString((String) row[0]),
                UUID.fromString((String) row[1]), (String) row[2], instant(row[3]))).toList();
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        return value instanceof java.sql.Timestamp timestamp ? timestamp.toInstant() : ((OffsetDateTime) value).toInstant();
    }
}

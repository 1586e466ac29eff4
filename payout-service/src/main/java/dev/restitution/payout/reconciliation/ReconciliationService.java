package dev.restitution.payout.reconciliation;

import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemException;
import dev.restitution.payout.engine.ChainReader;
import dev.restitution.payout.engine.EvmChain;
import dev.restitution.payout.engine.EvmChains;
import dev.restitution.payout.engine.persistence.Nonces;
import dev.restitution.payout.reconciliation.ChainReconciliation.Kind;
import dev.restitution.payout.reconciliation.persistence.PayoutRecords;
import dev.restitution.payout.reconciliation.persistence.PayoutRecords.RecordedPayment;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
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

    private final PayoutRecords records;
    private final ChainReconciliation chainReconciliation;
    private final EvmChains chains;
    private final Nonces nonces;
    private final Clock clock;

    public ReconciliationService(PayoutRecords records, ChainReconciliation chainReconciliation, EvmChains chains,
                                 Nonces nonces, Clock clock) {
        this.records = records;
        this.chainReconciliation = chainReconciliation;
        this.chains = chains;
        this.nonces = nonces;
        this.clock = clock;
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
        List<ChainReconciliation.Report> reports;
        try {
            reports = chainReconciliation.reconcileBatches(batches);
        } catch (IllegalArgumentException tooLarge) {
            throw ProblemException.invalid(List.of(new FieldViolation(batchId.isPresent() ? "batchId" : "incidentId",
                    tooLarge.getMessage())));
        }
        List<Difference> differences = new ArrayList<>(reports.stream()
                .flatMap(report -> report.differences().stream())
                .map(difference -> new Difference(difference.kind(), difference.orderId(), Optional.empty(),
                        difference.txHash(), difference.detail())).toList());
        int instructions = checkInstructions(batches, differences);
        return new Result(incidentId, batchId, checkedAt,
                reports.stream().mapToInt(ChainReconciliation.Report::ordersChecked).sum(),
                reports.stream().mapToInt(ChainReconciliation.Report::eventsChecked).sum(), instructions,
                reports.stream().flatMap(report -> report.totals().stream()).toList(), differences, QuarkusTransaction.requiringNew().call(() -> halted(batches)),
                QuarkusTransaction.requiringNew().call(() -> held(batches)));
    }

    private List<UUID> batchesOf(Optional<UUID> incidentId, Optional<UUID> batchId) {
        if (batchId.isPresent()) {
            Optional<UUID> incident = records.incidentOfBatch(batchId.get());
            if (incident.isEmpty() || incidentId.filter(id -> !id.equals(incident.get())).isPresent()) {
                throw ProblemException.notFound("batch " + batchId.get()
                        + incidentId.map(id -> " of incident " + id).orElse(""));
            }
            return List.of(batchId.get());
        }
        List<UUID> batches = records.batchesOfIncident(incidentId.orElseThrow(), MAX_BATCHES + 1);
        if (batches.isEmpty()) {
            throw ProblemException.notFound("a payout batch of incident " + incidentId.get());
        }
        if (batches.size() > MAX_BATCHES) {
            throw ProblemException.invalid(List.of(new FieldViolation("incidentId", "the incident has more than "
                    + MAX_BATCHES + " batches; reconcile them one batch at a time")));
        }
        return batches;
    }

    /**
     * Each instruction whose current batch is in scope: PAID only by its order's confirmed transaction, that
     * transaction succeeding on the canonical chain in the recorded block; an order confirmed only with its
     * instructions PAID. Answers how many instructions were compared.
     */
    private int checkInstructions(List<UUID> batches, List<Difference> differences) {
        List<RecordedPayment> recorded = QuarkusTransaction.requiringNew().call(() -> recordedPayments(batches));
        Map<String, Boolean> onChain = new HashMap<>();
        for (RecordedPayment instruction : recorded) {
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
            if (paid && !onChain.computeIfAbsent(instruction.chainId() + ":" + instruction.txHash() + "@"
                    + instruction.blockNumber(), key -> succeededIn(instruction.chainId(), instruction.txHash(),
                    instruction.blockNumber()))) {
                differences.add(new Difference(Kind.PAID_NOT_ON_CHAIN, Optional.ofNullable(instruction.orderId()),
                        Optional.of(instruction.instructionId()), Optional.of(instruction.txHash()),
                        "recorded as paid in block " + instruction.blockNumber()
                        + " but the chain shows no successful transaction " + instruction.txHash() + " there"));
            }
        }
        return recorded.size();
    }

    /** Whether the transaction succeeded in that block of the canonical chain; never, on a chain not configured. */
    private boolean succeededIn(long chainId, String txHash, long blockNumber) {
        Optional<ChainReader> found = chains.find(chainId).map(EvmChain::reader);
        if (found.isEmpty()) {
            return false;
        }
        ChainReader chain = found.get();
        Optional<TransactionReceipt> receipt = chain.receipt(txHash);
        return receipt.isPresent() && receipt.get().isStatusOK()
                && receipt.get().getBlockNumber().longValueExact() == blockNumber
                && chain.canonicalHash(blockNumber).filter(receipt.get().getBlockHash()::equals).isPresent();
    }

    private List<RecordedPayment> recordedPayments(List<UUID> batches) {
        List<RecordedPayment> recorded = records.recordedPayments(batches, MAX_INSTRUCTIONS + 1);
        if (recorded.size() > MAX_INSTRUCTIONS) {
            throw ProblemException.invalid(List.of(new FieldViolation("incidentId", "more than " + MAX_INSTRUCTIONS
                    + " instructions; reconcile one batch at a time")));
        }
        return recorded;
    }

    private List<Nonces.Halt> halted(List<UUID> batches) {
        return records.senders(batches, MAX_LISTED).stream()
                .map(sender -> nonces.halt(sender.chainId(), sender.address()))
                .flatMap(Optional::stream).toList();
    }

    private List<HeldOrder> held(List<UUID> batches) {
        return records.held(batches, MAX_LISTED).stream()
                .map(held -> new HeldOrder(held.orderId(), held.batchId(), held.reason(), held.heldAt())).toList();
    }
}

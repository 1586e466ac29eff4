package dev.restitution.payout.batch;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditStates;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import dev.restitution.payout.batch.domain.ApprovalRules;
import dev.restitution.payout.batch.domain.Batch;
import dev.restitution.payout.batch.domain.BatchHash;
import dev.restitution.payout.batch.domain.BatchItem;
import dev.restitution.payout.batch.domain.BatchPlanner;
import dev.restitution.payout.batch.domain.BatchState;
import dev.restitution.payout.batch.domain.Candidate;
import dev.restitution.payout.batch.domain.GasModel;
import dev.restitution.payout.batch.persistence.BatchStore;
import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.denylist.Denylist;
import dev.restitution.payout.engine.EvmChains;
import dev.restitution.payout.execution.PaymentOrderRules;
import dev.restitution.payout.execution.PaymentOrders;
import dev.restitution.payout.id.BatchId;
import dev.restitution.payout.id.InstructionId;
import dev.restitution.payout.instruction.Instructions;
import dev.restitution.payout.instruction.domain.Instruction;
import dev.restitution.payout.instruction.domain.InstructionState;
import dev.restitution.payout.rail.PaymentItem;
import dev.restitution.payout.rail.PaymentMethod;
import dev.restitution.payout.rail.PaymentOrder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Proposes, approves and cancels payout batches. A batch is frozen at proposal by the hash over its items;
 * approvers approve exactly that hash, never their own batch, and above the asset's threshold two distinct
 * approvers are needed. When the approval becomes final, the batch's payment orders (one per on-chain
 * transaction) are queued in the same transaction. Every change is in the audit log.
 */
@ApplicationScoped
public class BatchService {

    private static final Logger LOG = Logger.getLogger(BatchService.class);
    static final String SUBJECT = "BATCH";

    /** A proposal's outcome: the batch, and whether this request created it (false: the key's earlier batch). */
    public record Proposal(Batch batch, boolean created) {
    }

    public record Page(List<Batch> items, long total) {
    }

    /** A batch with one page of its items. */
    public record View(Batch batch, List<BatchItem> items, Map<InstructionId, InstructionState> instructionStates) {
    }

    private final BatchStore store;
    private final Instructions instructions;
    private final Denylist denylist;
    private final RecipientProbe probe;
    private final PaymentOrders paymentOrders;
    private final AuditLog audit;
    private final Clock clock;
    private final SortedSet<Long> payoutChainIds;
    private final BatchPlanner.Limits limits;
    private final GasModel gas;
    private final Map<String, BigInteger> secondApprovalAbove;

    public BatchService(BatchStore store, Instructions instructions, Denylist denylist, RecipientProbe probe,
                        PaymentOrders paymentOrders, AuditLog audit, Clock clock, EvmChains chains,
                        PayoutConfig config) {
        this.store = store;
        this.instructions = instructions;
        this.denylist = denylist;
        this.probe = probe;
        this.paymentOrders = paymentOrders;
        this.audit = audit;
        this.clock = clock;
        this.payoutChainIds = chains.ids();
        PayoutConfig.Batches batches = config.batches();
        if (batches.maxItems() > PaymentOrderRules.MAX_ITEMS || batches.maxTransactionGas() > batches.blockGasLimit()) {
            throw new IllegalStateException("restitution.batches: max-items must be at most "
                    + PaymentOrderRules.MAX_ITEMS + " and max-transaction-gas at most block-gas-limit");
        }
        this.limits = new BatchPlanner.Limits(batches.maxItems(), batches.maxGas(), batches.maxTransactionGas());
        PayoutConfig.BatchGas model = batches.gas();
        this.gas = new GasModel(model.contractCall(), model.contractTokenFresh(), model.contractTokenFunded(),
                model.contractNativeFresh(), model.contractNativeFunded(), model.plainNative(), model.plainTokenFresh(),
                model.plainTokenFunded());
        this.secondApprovalAbove = Map.copyOf(batches.secondApprovalAboveMinorUnits());
    }

    /**
     * Proposes a batch of the oldest pending instructions of the incident, chain and asset. Replays the
     * batch an Idempotency-Key already proposed (a concurrent request with the same key waits for the first
     * and answers its batch). Denylisted recipients found here are held, never batched.
     */
    @Transactional
    public Proposal propose(IncidentId incidentId, long chainId, String assetSymbol, String idempotencyKey, Actor proposer) {
        Optional<Batch> earlier = store.findByKey(proposer, idempotencyKey);
        if (earlier.isPresent()) {
            return replay(earlier.get(), incidentId, chainId, assetSymbol);
        }
        if (!payoutChainIds.contains(chainId)) {
            throw ProblemException.invalid(List.of(new FieldViolation("chainId",
                    "payout-service pays on chains " + payoutChainIds + " only")));
        }
        List<Instruction> pending = instructions.lockPending(incidentId, chainId, assetSymbol, limits.maxItems());
        if (pending.isEmpty()) {
            throw ProblemException.conflict("nothing-to-batch", "No pending instruction of incident " + incidentId
                    + " in " + assetSymbol + " on chain " + chainId + ".");
        }
        Optional<String> token = pending.getFirst().tokenContract();
        Set<String> denied = denylist.deniedAmong(chainId, incidentId.value(),
                pending.stream().map(Instruction::payoutAddress).toList());
        List<Instruction> deniedInstructions = pending.stream()
                .filter(instruction -> denied.contains(instruction.payoutAddress().toLowerCase(Locale.ROOT))).toList();
        List<Instruction> eligible = pending.stream()
                .filter(instruction -> !denied.contains(instruction.payoutAddress().toLowerCase(Locale.ROOT)))
                .filter(instruction -> instruction.tokenContract().equals(token)).toList();
        Instant now = clock.instant();
        BatchPlanner.Plan plan = plan(chainId, eligible, token);
        if (plan.items().isEmpty()) {
            throw ProblemException.conflict("nothing-to-batch", "No pending instruction of incident " + incidentId
                    + " in " + assetSymbol + " on chain " + chainId + " can be batched.");
        }
        BatchId batchId = new BatchId(UUID.randomUUID());
        List<BatchItem> items = items(batchId, plan);
        String itemsHash = BatchHash.of(incidentId, chainId, assetSymbol, token,
                items.stream().map(BatchItem::hashed).toList());
        Batch batch = new Batch(batchId, incidentId, chainId, assetSymbol, token, BatchState.PROPOSED,
                items.size(), plan.recipientCount(), plan.total(), itemsHash,
                ApprovalRules.requiredApprovals(plan.total(), Optional.ofNullable(secondApprovalAbove.get(assetSymbol))),
                List.of(), plan.contractItemCount(), plan.plainTransferCount(), plan.totalGas(), proposer, now,
                Optional.empty());
        if (!store.insert(batch, idempotencyKey)) {
            // Another request with this key committed first (the insert waited for it): answer its batch.
            return replay(store.findByKey(proposer, idempotencyKey).orElseThrow(), incidentId, chainId,
                    assetSymbol);
        }
        store.insertItems(items);
        Map<InstructionId, Instruction> byId = new LinkedHashMap<>();
        eligible.forEach(instruction -> byId.put(instruction.id(), instruction));
        instructions.move(items.stream().map(item -> byId.get(item.instructionId())).toList(), InstructionState.BATCHED,
                Optional.of(batchId), proposer, "INSTRUCTION_BATCHED", "proposed in batch " + batchId);
        instructions.move(deniedInstructions, InstructionState.HELD_DENIED, Optional.empty(), proposer,
                "INSTRUCTION_HELD_DENIED", "payout address is denylisted");
        audit.append(proposer, "BATCH_PROPOSED", SUBJECT, batchId.toString(), null, auditState(batch),
                "proposed " + items.size() + " items with hash " + itemsHash);
        return new Proposal(batch, true);
    }

    /**
     * Records an approval of exactly {@code itemsHash}. Refused, with nothing changed: a batch that is not
     * PROPOSED, a hash that is not the batch's (stale or changed), an approver who already approved it, a
     * recipient denylisted since the proposal; and the proposer approving their own batch (403). The
     * self-approval and denylist refusals are audited although the request changes nothing.
     */
    @Transactional
    public Batch approve(BatchId batchId, String itemsHash, Actor approver) {
        Batch batch = store.lock(batchId).orElseThrow(() -> ProblemException.notFound("batch " + batchId));
        requireProposed(batch);
        if (batch.proposedBy().samePersonAs(approver)) {
            audit.appendCommitted(approver, "BATCH_SELF_APPROVAL_REFUSED", SUBJECT, batchId.toString(), auditState(batch),
                    null, "the proposer may not approve their own batch");
            throw new ProblemException(ProblemDetails.of("self-approval", "Forbidden", 403,
                    "The proposer of a batch may not approve it; nothing was changed."));
        }
        if (!batch.itemsHash().equals(itemsHash)) {
            throw ProblemException.conflict("stale-items-hash", "The batch's items hash is " + batch.itemsHash()
                    + ", not the approved " + itemsHash + "; nothing was changed. Review the batch again.");
        }
        if (batch.approvals().stream().anyMatch(approval -> approval.approvedBy().samePersonAs(approver))) {
            throw ProblemException.conflict("already-approved", "You already approved this batch; a second approval "
                    + "must come from another approver.");
        }
        List<BatchItem> items = store.allItems(batchId);
        Set<String> denied = denylist.deniedAmong(batch.chainId(), batch.incidentId().value(),
                items.stream().map(BatchItem::recipient).toList());
        if (!denied.isEmpty()) {
            audit.appendCommitted(approver, "BATCH_APPROVAL_REFUSED_DENYLISTED", SUBJECT, batchId.toString(),
                    auditState(batch), null, "denylisted recipients " + denied);
            throw ProblemException.conflict("denylisted-recipient", "Recipients " + denied + " are denylisted; "
                    + "the batch cannot be approved. Cancel it and propose again (the denylisted are held).");
        }
        Instant now = clock.instant();
        store.addApproval(batchId, new Batch.Approval(approver, itemsHash, now));
        Batch approved = store.find(batchId).orElseThrow();
        if (approved.approvalsOfItsHash() < approved.requiredApprovals()) {
            audit.append(approver, "BATCH_APPROVAL_RECORDED", SUBJECT, batchId.toString(), auditState(batch),
                    auditState(approved), "approval " + approved.approvalsOfItsHash() + " of "
                            + approved.requiredApprovals() + " for hash " + itemsHash);
            return approved;
        }
        queueOrders(approved, items);
        store.move(batchId, BatchState.PROPOSED, BatchState.APPROVED, Optional.of(now));
        Batch done = store.find(batchId).orElseThrow();
        audit.append(approver, "BATCH_APPROVED", SUBJECT, batchId.toString(), auditState(batch), auditState(done),
                "approved by " + done.approvalsOfItsHash() + " of " + done.requiredApprovals()
                        + " approvers; payment orders queued");
        return done;
    }

    /** Cancels a batch not yet approved: its approvals are void and its instructions pending again. */
    @Transactional
    public Batch cancel(BatchId batchId, String reason, Actor actor) {
        Batch batch = store.lock(batchId).orElseThrow(() -> ProblemException.notFound("batch " + batchId));
        requireProposed(batch);
        List<InstructionId> instructionIds = store.allItems(batchId).stream().map(BatchItem::instructionId).toList();
        instructions.move(instructions.findAll(instructionIds), InstructionState.PENDING, Optional.empty(), actor,
                "INSTRUCTION_RELEASED", "batch " + batchId + " cancelled: " + reason);
        store.move(batchId, BatchState.PROPOSED, BatchState.CANCELLED, Optional.of(clock.instant()));
        Batch cancelled = store.find(batchId).orElseThrow();
        audit.append(actor, "BATCH_CANCELLED", SUBJECT, batchId.toString(), auditState(batch), auditState(cancelled), reason);
        return cancelled;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public View view(BatchId batchId, int offset, int limit) {
        Batch batch = store.find(batchId).orElseThrow(() -> ProblemException.notFound("batch " + batchId));
        return view(batch, offset, limit);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public View view(Batch batch, int offset, int limit) {
        List<BatchItem> items = store.items(batch.id(), offset, limit);
        Map<InstructionId, InstructionState> states = new LinkedHashMap<>();
        instructions.findAll(items.stream().map(BatchItem::instructionId).toList())
                .forEach(instruction -> states.put(instruction.id(), instruction.state()));
        return new View(batch, items, states);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page page(Optional<IncidentId> incidentId, int offset, int limit) {
        return new Page(store.page(incidentId, offset, limit), store.count(incidentId));
    }

    private Proposal replay(Batch batch, IncidentId incidentId, long chainId, String assetSymbol) {
        if (!batch.incidentId().equals(incidentId) || batch.chainId() != chainId
                || !batch.assetSymbol().equals(assetSymbol)) {
            throw ProblemException.conflict("idempotency-key-reused", "This Idempotency-Key already proposed batch "
                    + batch.id() + " for another incident, chain or asset.");
        }
        return new Proposal(batch, false);
    }

    private static void requireProposed(Batch batch) {
        if (batch.state() != BatchState.PROPOSED) {
            throw ProblemException.conflict("batch-not-proposed", "Batch " + batch.id() + " is " + batch.state()
                    + "; only a PROPOSED batch can be approved or cancelled.");
        }
    }

    private BatchPlanner.Plan plan(long chainId, List<Instruction> eligible, Optional<String> token) {
        if (eligible.isEmpty()) {
            return new BatchPlanner.Plan(List.of(), 0, 0);
        }
        Set<String> fresh = probe.fresh(chainId, eligible.stream().map(Instruction::payoutAddress).toList(), token);
        List<Candidate> candidates = eligible.stream().map(instruction -> new Candidate(instruction.id(),
                instruction.entitlementId(), instruction.payoutAddress(), instruction.amount(),
                fresh.contains(instruction.payoutAddress().toLowerCase(Locale.ROOT)))).toList();
        return BatchPlanner.plan(candidates, token.isEmpty(), gas, limits);
    }

    private static List<BatchItem> items(BatchId batchId, BatchPlanner.Plan plan) {
        List<BatchItem> items = new ArrayList<>(plan.items().size());
        for (int position = 0; position < plan.items().size(); position++) {
            BatchPlanner.PlannedItem planned = plan.items().get(position);
            Candidate candidate = planned.candidate();
            items.add(new BatchItem(batchId, position, candidate.instructionId(), candidate.entitlementId(),
                    candidate.recipient(), candidate.amount(), planned.method(), candidate.recipientFresh(),
                    planned.estimatedGas(), Optional.empty()));
        }
        return items;
    }

    /** One order for the items paid through BatchPayout, one per plain transfer; queued in this transaction. */
    private void queueOrders(Batch batch, List<BatchItem> items) {
        List<BatchItem> inContract = items.stream().filter(item -> item.method() == PaymentMethod.BATCH_CONTRACT).toList();
        if (!inContract.isEmpty()) {
            queue(batch, PaymentMethod.BATCH_CONTRACT, inContract);
        }
        items.stream().filter(item -> item.method() == PaymentMethod.PLAIN_TRANSFER)
                .forEach(item -> queue(batch, PaymentMethod.PLAIN_TRANSFER, List.of(item)));
    }

    private void queue(Batch batch, PaymentMethod method, List<BatchItem> items) {
        UUID orderId = UUID.randomUUID();
        paymentOrders.enqueue(new PaymentOrder(orderId, batch.id(), batch.incidentId(), batch.chainId(), batch.tokenContract(), method,
                items.stream().map(item -> new PaymentItem(item.instructionId(), item.recipient(), item.amount()))
                        .toList()));
        items.forEach(item -> store.assignOrder(batch.id(), item.position(), orderId));
        LOG.infof("batch %s: order %s (%s) queued with %d items", batch.id(), orderId, method, items.size());
    }

    /** A batch's audited state: what it pays, its hash, and its approvals. */
    public static String auditState(Batch batch) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("state", batch.state().name());
        state.put("incidentId", batch.incidentId().toString());
        state.put("chainId", batch.chainId());
        state.put("assetSymbol", batch.assetSymbol());
        batch.tokenContract().ifPresent(token -> state.put("tokenContract", token));
        state.put("itemCount", batch.itemCount());
        state.put("recipientCount", batch.recipientCount());
        state.put("totalMinorUnits", batch.totalMinorUnits().toString());
        state.put("itemsHash", batch.itemsHash());
        state.put("requiredApprovals", batch.requiredApprovals());
        state.put("approvals", batch.approvals().stream()
                .map(approval -> Map.of("approvedBy", approval.approvedBy().subjectId(), "itemsHash", approval.itemsHash())).toList());
        state.put("contractItemCount", batch.contractItemCount());
        state.put("plainTransferCount", batch.plainTransferCount());
        state.put("estimatedGas", batch.estimatedGas());
        return AuditStates.json(state);
    }
}

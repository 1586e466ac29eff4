package dev.restitution.payout.batch;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.payout.batch.domain.Batch;
import dev.restitution.payout.batch.domain.BatchItem;
import dev.restitution.payout.batch.domain.BatchLifecycle;
import dev.restitution.payout.batch.domain.BatchState;
import dev.restitution.payout.batch.persistence.BatchStore;
import dev.restitution.payout.execution.PaymentOrders;
import dev.restitution.payout.id.BatchId;
import dev.restitution.payout.id.InstructionId;
import dev.restitution.payout.instruction.Instructions;
import dev.restitution.payout.instruction.domain.InstructionState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Batches cancelled because a payout address change of one of their items waits (see the address change feature):
 * a PROPOSED one, or an APPROVED one none of whose payment orders was signed. A batch already being paid is left as it
 * is. Audited like {@link BatchService#cancel}.
 */
@ApplicationScoped
public class BatchCancellations {

    private static final Logger LOG = Logger.getLogger(BatchCancellations.class);

    private final BatchStore store;
    private final Instructions instructions;
    private final PaymentOrders paymentOrders;
    private final AuditLog audit;
    private final Clock clock;

    public BatchCancellations(BatchStore store, Instructions instructions, PaymentOrders paymentOrders, AuditLog audit,
                              Clock clock) {
        this.store = store;
        this.instructions = instructions;
        this.paymentOrders = paymentOrders;
        this.audit = audit;
        this.clock = clock;
    }

    /** The PROPOSED or APPROVED batches holding any of these instructions. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Batch> openBatchesHolding(List<InstructionId> instructionIds) {
        return store.openBatchesHolding(instructionIds).stream().map(id -> store.find(id).orElseThrow()).toList();
    }

    /**
     * Cancels a PROPOSED batch, or an APPROVED one none of whose payment orders was signed (they are failed before
     * signing, so nothing of it can reach the chain), because a payout address change of one of its items waits: its
     * approvals are void, its instructions PENDING again (the caller holds those of the changed claim), audited.
     * Empty, changing nothing, when the batch is already being paid: it pays the address it holds.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Batch> cancelForAddressChange(BatchId batchId, String reason, Actor actor) {
        Batch batch = store.lock(batchId).orElseThrow();
        boolean approved = batch.state() == BatchState.APPROVED;
        boolean signed = approved && !paymentOrders.failUnsigned(batchId.value(),
                "batch cancelled before signing: " + reason);
        Optional<BatchLifecycle.Refusal> refusal = BatchLifecycle.check(batch.state(), BatchState.CANCELLED,
                BatchLifecycle.Step.CANCEL_FOR_ADDRESS_CHANGE, signed);
        if (refusal.isPresent()) {
            LOG.infof("batch %s not cancelled for an address change: %s", batchId, refusal.get().reason());
            return Optional.empty();
        }
        List<InstructionId> instructionIds = store.allItems(batchId).stream().map(BatchItem::instructionId).toList();
        instructions.move(instructions.findAll(instructionIds), InstructionState.PENDING, Optional.empty(), actor,
                "INSTRUCTION_RELEASED", "batch " + batchId + " cancelled: " + reason);
        store.move(batchId, batch.state(), BatchState.CANCELLED, Optional.of(clock.instant()));
        Batch cancelled = store.find(batchId).orElseThrow();
        audit.append(actor, "BATCH_CANCELLED", BatchService.SUBJECT, batchId.toString(), BatchService.auditState(batch),
                BatchService.auditState(cancelled), reason + (approved
                        ? "; its approvals are void and its payment orders failed before signing"
                        : "; its approvals are void"));
        return Optional.of(cancelled);
    }
}

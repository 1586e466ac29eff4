package dev.restitution.payout.settlement;

import dev.restitution.contracts.events.PayoutFailed;
import dev.restitution.contracts.events.PayoutFailedItem;
import dev.restitution.contracts.events.PayoutSettled;
import dev.restitution.contracts.events.PayoutSettledItem;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.OwnActor;
import dev.restitution.kit.chain.AssetId;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.messaging.Outbox;
import dev.restitution.payout.batch.BatchService;
import dev.restitution.payout.batch.domain.Batch;
import dev.restitution.payout.batch.domain.BatchItem;
import dev.restitution.payout.batch.domain.BatchState;
import dev.restitution.payout.batch.persistence.BatchStore;
import dev.restitution.payout.execution.PaymentConfirmed;
import dev.restitution.payout.execution.PaymentFailed;
import dev.restitution.payout.id.BatchId;
import dev.restitution.payout.id.InstructionId;
import dev.restitution.payout.instruction.Instructions;
import dev.restitution.payout.instruction.domain.Instruction;
import dev.restitution.payout.instruction.domain.InstructionState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The batches side of a confirmed payment: in the transaction execution records the order as confirmed,
 * the order's instructions become PAID, {@code PayoutSettled} (this transaction's entitlements) goes to the
 * outbox, and the batch becomes PAID once every one of its instructions is. A finally failed payment makes its
 * instructions FAILED, the batch FAILED, and {@code PayoutFailed} goes to the outbox. A repeated confirmation or
 * failure of an order already recorded changes nothing.
 */
@ApplicationScoped
public class SettlementReports {

    private static final Logger LOG = Logger.getLogger(SettlementReports.class);
    static final String SOURCE = "/payout-service";
    static final int MAX_REASON_LENGTH = 2000;

    private final BatchStore batches;
    private final Instructions instructions;
    private final Outbox outbox;
    private final EventCodec codec;
    private final AuditLog audit;
    private final Clock clock;
    private final OwnActor own;
    private final PaymentTraces traces;

    public SettlementReports(BatchStore batches, Instructions instructions, Outbox outbox, EventCodec codec, AuditLog audit,
                             Clock clock, OwnActor own, PaymentTraces traces) {
        this.own = own;
        this.traces = traces;
        this.batches = batches;
        this.instructions = instructions;
        this.outbox = outbox;
        this.codec = codec;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void confirmed(@Observes PaymentConfirmed confirmed) {
        List<BatchItem> items = orderItems(confirmed.orderId(), confirmed.batchId());
        if (items.isEmpty()) {
            return;
        }
        List<InstructionId> instructionIds = items.stream().map(BatchItem::instructionId).toList();
        List<Instruction> before = instructions.findAll(instructionIds);
        if (before.stream().allMatch(instruction -> instruction.state() == InstructionState.PAID
                && instruction.txHash().equals(Optional.of(confirmed.txHash())))) {
            LOG.infof("order %s already settled in %s; repeated confirmation ignored", confirmed.orderId(),
                    confirmed.txHash());
            return;
        }
        Batch batch = batches.lock(confirmed.batchId()).orElseThrow(() ->
                new IllegalStateException("confirmed order " + confirmed.orderId() + " names unknown batch "
                        + confirmed.batchId()));
        instructions.markPaid(instructionIds, confirmed.txHash(), confirmed.blockNumber(), own.actor());
        Instant now = clock.instant();
        PayoutSettled settled = new PayoutSettled()
                .withBatchId(batch.id().value())
                .withIncidentId(batch.incidentId().value())
                .withChainId(batch.chainId())
                .withAssetId(AssetId.evm(batch.chainId(), batch.tokenContract()).toString())
                .withTxHash(confirmed.txHash())
                .withBlockNumber(confirmed.blockNumber())
                .withItems(items.stream().map(item -> new PayoutSettledItem()
                        .withEntitlementId(item.entitlementId().value())
                        .withAmount(item.amount().toString())).toList());
        // In the claim's trace when the order pays one instruction; the confirmation recorded in each paid claim's trace.
        traces.confirmed(confirmed.txHash(), batch.chainId(), batch.id(), instructionIds, () -> {
            outbox.append(EventTypes.topicOf(EventTypes.PAYOUT_SETTLED), codec.wrap(UUID.randomUUID().toString(),
                    EventTypes.PAYOUT_SETTLED, SOURCE, now, batch.id().toString(), settled), now);
            return null;
        });
        boolean allPaid = instructions.findAll(batches.allItems(batch.id()).stream().map(BatchItem::instructionId)
                .toList()).stream().allMatch(instruction -> instruction.state() == InstructionState.PAID);
        if (allPaid && batch.state() == BatchState.APPROVED) {
            batches.move(batch.id(), BatchState.APPROVED, BatchState.PAID, Optional.empty());
            audit.append(own.actor(), "BATCH_PAID", "BATCH", batch.id().toString(), BatchService.auditState(batch),
                    BatchService.auditState(batches.find(batch.id()).orElseThrow()),
                    "every payment order confirmed; last in " + confirmed.txHash());
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void failed(@Observes PaymentFailed failed) {
        List<BatchItem> items = orderItems(failed.orderId(), failed.batchId());
        if (items.isEmpty()) {
            return;
        }
        List<InstructionId> instructionIds = items.stream().map(BatchItem::instructionId).toList();
        if (instructions.findAll(instructionIds).stream()
                .allMatch(instruction -> instruction.state() == InstructionState.FAILED)) {
            LOG.infof("order %s already recorded as failed; repeated failure ignored", failed.orderId());
            return;
        }
        Batch batch = batches.lock(failed.batchId()).orElseThrow(() ->
                new IllegalStateException("failed order " + failed.orderId() + " names unknown batch "
                        + failed.batchId()));
        String reason = bounded(failed.reason());
        instructions.markFailed(instructionIds, reason, own.actor());
        Instant now = clock.instant();
        PayoutFailed payload = new PayoutFailed()
                .withBatchId(batch.id().value())
                .withIncidentId(batch.incidentId().value())
                .withChainId(batch.chainId())
                .withAssetId(AssetId.evm(batch.chainId(), batch.tokenContract()).toString())
                .withReason(reason)
                .withItems(items.stream().map(item -> new PayoutFailedItem()
                        .withEntitlementId(item.entitlementId().value())
                        .withAmount(item.amount().toString())).toList());
        outbox.append(EventTypes.topicOf(EventTypes.PAYOUT_FAILED), codec.wrap(UUID.randomUUID().toString(),
                EventTypes.PAYOUT_FAILED, SOURCE, now, batch.id().toString(), payload), now);
        if (batch.state() == BatchState.APPROVED) {
            batches.move(batch.id(), BatchState.APPROVED, BatchState.FAILED, Optional.empty());
            audit.append(own.actor(), "BATCH_FAILED", "BATCH", batch.id().toString(), BatchService.auditState(batch),
                    BatchService.auditState(batches.find(batch.id()).orElseThrow()),
                    bounded("payment order " + failed.orderId() + " failed: " + reason));
        }
    }

    /** A failure reason as the database, the event and the audit log hold it: at most 2000 characters. */
    static String bounded(String reason) {
        String text = reason == null || reason.isBlank() ? "no reason given" : reason;
        return text.length() <= MAX_REASON_LENGTH ? text : text.substring(0, MAX_REASON_LENGTH);
    }

    /**
     * The items an order pays; empty for an order no batch queued. Such an order is reported loudly but does not
     * stop execution from recording its outcome: the chain has spoken, and refusing would only hide that. An order
     * whose items belong to another batch than the event names is a broken invariant.
     */
    List<BatchItem> orderItems(UUID orderId, BatchId batchId) {
        List<BatchItem> items = batches.itemsOfOrder(orderId);
        if (items.isEmpty()) {
            LOG.errorf("payment order %s of batch %s was not queued by a payout batch; nothing settled", orderId,
                    batchId);
            return items;
        }
        if (items.stream().anyMatch(item -> !item.batchId().equals(batchId))) {
            throw new IllegalStateException("order " + orderId + " pays items of another batch than " + batchId);
        }
        return items;
    }
}

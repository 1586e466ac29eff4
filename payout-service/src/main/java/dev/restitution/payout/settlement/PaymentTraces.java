package dev.restitution.payout.settlement;

import dev.restitution.kit.tracing.SpanAttributes;
import dev.restitution.kit.tracing.TraceParent;
import dev.restitution.payout.batch.domain.BatchItem;
import dev.restitution.payout.batch.persistence.BatchStore;
import dev.restitution.payout.chain.Chains;
import dev.restitution.payout.execution.PaymentBroadcast;
import dev.restitution.payout.id.BatchId;
import dev.restitution.payout.id.InstructionId;
import dev.restitution.payout.instruction.Instructions;
import io.opentelemetry.api.common.Attributes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A payment in the traces of the claims it pays (one trace per claim): for every instruction of a payment order that
 * keeps its claim's trace (the trace parent its entitlement carried), a span "payout broadcast" when the node first
 * accepts the order's transaction, and a span "payout confirmed" when the transaction is confirmed at the chain's
 * depth, each under the claim's trace and linked to the engine's span of that step, with the transaction hash, the
 * chain (CAIP-2), the batch and the instruction as attributes. The broadcast span follows the commit that recorded
 * the broadcast (a rolled-back engine step leaves no span claiming a broadcast) and reads the instructions in a
 * transaction of its own, so the engine's transaction never waits on it.
 */
@ApplicationScoped
public class PaymentTraces {

    static final String BROADCAST_SPAN = "payout broadcast";
    static final String CONFIRMED_SPAN = "payout confirmed";

    private final BatchStore batches;
    private final Instructions instructions;

    public PaymentTraces(BatchStore batches, Instructions instructions) {
        this.batches = batches;
        this.instructions = instructions;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void broadcast(@Observes(during = TransactionPhase.AFTER_SUCCESS) PaymentBroadcast broadcast) {
        List<InstructionId> paid = batches.itemsOfOrder(broadcast.orderId()).stream()
                .map(BatchItem::instructionId).toList();
        instructions.traceParents(paid).forEach((instruction, trace) -> trace.inChildSpan(BROADCAST_SPAN,
                attributes(broadcast.txHash(), broadcast.chainId(), broadcast.batchId(), instruction), () -> null));
    }

    /**
     * Records "payout confirmed" for each traced instruction of a confirmed order and runs {@code settle} (which writes
     * the settlement event): inside the span of the order's one instruction when the order pays exactly one, so the
     * event carries that claim's trace on; after the spans otherwise (an event of many claims belongs to none).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    <T> T confirmed(String txHash, long chainId, BatchId batchId, List<InstructionId> paid, Supplier<T> settle) {
        Map<InstructionId, TraceParent> traces = instructions.traceParents(paid);
        if (paid.size() == 1 && traces.containsKey(paid.getFirst())) {
            InstructionId only = paid.getFirst();
            return traces.get(only).inChildSpan(CONFIRMED_SPAN, attributes(txHash, chainId, batchId, only), settle);
        }
        traces.forEach((instruction, trace) -> trace.inChildSpan(CONFIRMED_SPAN,
                attributes(txHash, chainId, batchId, instruction), () -> null));
        return settle.get();
    }

    private static Attributes attributes(String txHash, long chainId, BatchId batchId, InstructionId instruction) {
        return Attributes.of(SpanAttributes.TX_HASH, txHash, SpanAttributes.CHAIN_ID, Chains.caip2(chainId),
                SpanAttributes.BATCH_ID, batchId.value().toString(), SpanAttributes.INSTRUCTION_ID,
                instruction.value().toString());
    }
}

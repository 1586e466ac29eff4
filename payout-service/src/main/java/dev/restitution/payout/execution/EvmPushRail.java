package dev.restitution.payout.execution;

import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.engine.CallOwner;
import dev.restitution.payout.engine.EvmChain;
import dev.restitution.payout.engine.EvmChains;
import dev.restitution.payout.engine.TransactionEngine;
import dev.restitution.payout.engine.domain.CallData;
import dev.restitution.payout.engine.persistence.CallTransactionEntity;
import dev.restitution.payout.engine.persistence.ChainCallEntity;
import dev.restitution.payout.execution.persistence.PaymentOrderEntity;
import dev.restitution.payout.execution.persistence.PaymentOrderStore;
import dev.restitution.payout.id.BatchId;
import dev.restitution.payout.rail.PaymentItem;
import dev.restitution.payout.rail.PaymentMethod;
import dev.restitution.payout.rail.PaymentOrder;
import dev.restitution.payout.rail.PaymentRail;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.web3j.utils.Numeric;

/**
 * Pays payment orders on an EVM chain by pushing them: a BatchPayout contract call (many recipients, one
 * transaction) or one plain transfer per order. The transaction is the order's {@link PaymentCall}; the EVM
 * transaction engine gets it mined exactly once; an order paying entitlements of a round whose commitment is not
 * published on-chain at depth waits, unsigned; {@link ExecutionGuard} is asked right before every signature; a
 * payment transaction first accepted by the node, a confirmed or a finally failed order is reported as
 * {@link PaymentBroadcast}, {@link PaymentConfirmed} or {@link PaymentFailed} in the transaction that records it.
 */
@ApplicationScoped
public class EvmPushRail implements PaymentRail, CallOwner {

    private final PaymentOrderStore orders;
    private final TransactionEngine engine;
    private final EvmChains chains;
    private final ExecutionGuard guard;
    private final Event<PaymentConfirmed> confirmedEvents;
    private final Event<PaymentFailed> failedEvents;
    private final Event<PaymentBroadcast> broadcastEvents;
    private final Map<Long, Optional<String>> batchPayoutContracts;

    public EvmPushRail(PaymentOrderStore orders, TransactionEngine engine, EvmChains chains, ExecutionGuard guard,
                       Event<PaymentConfirmed> confirmedEvents, Event<PaymentFailed> failedEvents,
                       Event<PaymentBroadcast> broadcastEvents, PayoutConfig config) {
        this.broadcastEvents = broadcastEvents;
        this.orders = orders;
        this.engine = engine;
        this.chains = chains;
        this.guard = guard;
        this.confirmedEvents = confirmedEvents;
        this.failedEvents = failedEvents;
        this.batchPayoutContracts = config.chains().entrySet().stream().collect(Collectors.toUnmodifiableMap(
                entry -> Long.valueOf(entry.getKey()), entry -> entry.getValue().batchPayoutContract()));
    }

    @Override
    public boolean pays(PaymentMethod method) {
        return method == PaymentMethod.BATCH_CONTRACT || method == PaymentMethod.PLAIN_TRANSFER;
    }

    @Override
    public void plan(PaymentOrder order) {
        PaymentOrderRules.check(order, chains.ids());
    }

    @Override
    public void executeOpen() {
        engine.runOnce();
    }

    @Override
    public Class<? extends ChainCallEntity> entity() {
        return PaymentOrderEntity.class;
    }

    @Override
    public String kind() {
        return PaymentOrderEntity.KIND;
    }

    private record Queued(PaymentMethod method, Optional<String> tokenContract, List<PaymentItem> items,
                          List<UUID> uncommittedRounds) {
    }

    /** Rounds named in a waiting order's reason, at most. */
    private static final int ROUNDS_NAMED = 5;

    @Override
    public Plan plan(UUID callId, EvmChain chain) {
        Queued queued = QuarkusTransaction.requiringNew().call(() -> {
            PaymentOrderEntity order = orders.find(callId)
                    .orElseThrow(() -> new IllegalStateException("the engine names payment order " + callId + ", which is not stored"));
            return new Queued(order.method, Optional.ofNullable(order.tokenContract), PaymentOrders.toItems(order),
                    orders.uncommittedRounds(callId, ROUNDS_NAMED));
        });
        if (!queued.uncommittedRounds().isEmpty()) {
            // A round's entitlements are paid only once its entitlement root is committed on-chain at depth: the
            // order waits, QUEUED and unsigned, and is signed on the first run after the commitment is published.
            return new Plan.Wait("round(s) " + queued.uncommittedRounds() + " not committed on-chain at depth yet");
        }
        Optional<String> batchPayoutContract = batchPayoutContracts.get(chain.chainId());
        if (queued.method() == PaymentMethod.BATCH_CONTRACT && batchPayoutContract.isEmpty()) {
            return new Plan.Refuse("no BatchPayout contract is configured");
        }
        PaymentCall call = PaymentCall.of(callId, queued.method(), queued.tokenContract(), queued.items(),
                batchPayoutContract);
        boolean recipientHasCode = queued.method() == PaymentMethod.PLAIN_TRANSFER
                && queued.tokenContract().isEmpty() && chain.reader().hasCode(call.to());
        return new Plan.Sign(call, check(call, recipientHasCode));
    }

    @Override
    public SigningCheck replacementCheck(CallData call, EvmChain chain) {
        boolean plainNative = call.data() == null || Numeric.cleanHexPrefix(call.data()).isEmpty();
        boolean recipientHasCode = plainNative && chain.reader().hasCode(call.to());
        return check(call, recipientHasCode);
    }

    private SigningCheck check(CallData call, boolean recipientHasCode) {
        return (order, now) -> guard.refusal((PaymentOrderEntity) order, call, recipientHasCode, now);
    }

    /** A cancellation pays nothing: only a transaction carrying the payment is reported. */
    @Override
    public void broadcast(ChainCallEntity call, CallTransactionEntity transaction, Instant now) {
        if (transaction.cancels) {
            return;
        }
        PaymentOrderEntity order = (PaymentOrderEntity) call;
        broadcastEvents.fire(new PaymentBroadcast(order.id(), new BatchId(order.batchId), order.chainId(),
                transaction.txHash, now));
    }

    @Override
    public void confirmed(ChainCallEntity call, CallTransactionEntity transaction, Instant now) {
        PaymentOrderEntity order = (PaymentOrderEntity) call;
        confirmedEvents.fire(new PaymentConfirmed(order.id(), new BatchId(order.batchId), transaction.txHash,
                transaction.minedBlockNumber(), now));
    }

    @Override
    public void failed(ChainCallEntity call, String reason, Instant now) {
        PaymentOrderEntity order = (PaymentOrderEntity) call;
        failedEvents.fire(new PaymentFailed(order.id(), new BatchId(order.batchId), reason, now));
    }
}

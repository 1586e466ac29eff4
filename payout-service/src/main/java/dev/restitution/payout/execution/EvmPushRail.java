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
import dev.restitution.payout.rail.PaymentRail;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.web3j.utils.Numeric;

/**
 * Pays payment orders on an EVM chain by pushing them: a BatchPayout contract call (many recipients, one
 * transaction) or one plain transfer per order. The transaction is the order's {@link PaymentCall}; the EVM
 * transaction engine gets it mined exactly once; {@link ExecutionGuard} is asked right before every signature; a
 * confirmed or finally failed order is reported as {@link PaymentConfirmed} or {@link PaymentFailed} in the
 * transaction that records it.
 */
@ApplicationScoped
public class EvmPushRail implements PaymentRail, CallOwner {

    private final EntityManager entityManager;
    private final TransactionEngine engine;
    private final EvmChains chains;
    private final ExecutionGuard guard;
    private final Event<PaymentConfirmed> confirmedEvents;
    private final Event<PaymentFailed> failedEvents;
    private final Optional<String> batchPayoutContract;

    public EvmPushRail(EntityManager entityManager, TransactionEngine engine, EvmChains chains, ExecutionGuard guard,
                       Event<PaymentConfirmed> confirmedEvents, Event<PaymentFailed> failedEvents,
                       PayoutConfig config) {
        this.entityManager = entityManager;
        this.engine = engine;
        this.chains = chains;
        this.guard = guard;
        this.confirmedEvents = confirmedEvents;
        this.failedEvents = failedEvents;
        this.batchPayoutContract = config.execution().batchPayoutContract();
    }

    @Override
    public boolean pays(PaymentMethod method) {
        return method == PaymentMethod.BATCH_CONTRACT || method == PaymentMethod.PLAIN_TRANSFER;
    }

    @Override
    public void plan(PaymentOrder order) {
        PaymentOrderRules.check(order, new TreeSet<>(chains.all().stream().map(EvmChain::chainId).toList()));
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

    private record Queued(PaymentMethod method, Optional<String> tokenContract, java.util.List<PaymentItem> items) {
    }

    @Override
    public Plan plan(UUID callId, EvmChain chain) {
        Queued queued = QuarkusTransaction.requiringNew().call(() -> {
            PaymentOrderEntity order = entityManager.find(PaymentOrderEntity.class, callId);
            return new Queued(order.method, Optional.ofNullable(order.tokenContract), PaymentOrders.toItems(order));
        });
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

    @Override
    public void confirmed(ChainCallEntity call, CallTransactionEntity transaction, Instant now) {
        PaymentOrderEntity order = (PaymentOrderEntity) call;
        confirmedEvents.fire(new PaymentConfirmed(order.id(), order.batchId, transaction.txHash,
                transaction.minedBlockNumber(), now));
    }

    @Override
    public void failed(ChainCallEntity call, String reason, Instant now) {
        PaymentOrderEntity order = (PaymentOrderEntity) call;
        failedEvents.fire(new PaymentFailed(order.id(), order.batchId, reason, now));
    }
}

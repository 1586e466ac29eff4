package dev.restitution.claims.settlement.messaging;

import dev.restitution.kit.deadletter.DeadLetterHandlers;
import java.util.Map;
import java.util.function.Consumer;
import dev.restitution.claims.settlement.LineSettlements;
import dev.restitution.contracts.events.EntitlementIssued;
import dev.restitution.contracts.events.EntitlementsIssued;
import dev.restitution.contracts.events.PayoutSettled;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the ledger's entitlements (which claim line each entitlement is for; pages of a round's entitlements,
 * or one each in events published before pages) and payout-service's
 * settled batches (which entitlements were paid, in which transaction). Offsets are committed only
 * after {@link LineSettlements} committed the effect; the recorded event id absorbs redeliveries.
 * A settlement that arrives before the entitlements it pays is retried, in order, for up to
 * {@link #SETTLEMENT_WAIT_MILLIS}; if they still have not arrived, it goes to the dead-letter topic.
 */
@ApplicationScoped
public class SettlementEventsConsumer implements DeadLetterHandlers {

    private static final Logger LOG = Logger.getLogger(SettlementEventsConsumer.class);

    /** How long a settlement waits for its entitlements: far beyond a consumer-group rebalance. */
    static final long SETTLEMENT_WAIT_MILLIS = 300_000;
    static final long SETTLEMENT_RETRY_DELAY_MILLIS = 1_000;

    private final EventCodec codec;
    private final LineSettlements settlements;

    public SettlementEventsConsumer(EventCodec codec, LineSettlements settlements) {
        this.codec = codec;
        this.settlements = settlements;
    }

    @Override
    public Map<String, Consumer<String>> deadLetterHandlers() {
        return Map.of("ledger-entitlements", this::consumeEntitlement, "payout-payouts", this::consumePayout);
    }

    @Incoming("ledger-entitlements")
    @Blocking(ordered = true)
    public void consumeEntitlement(String message) {
        EventEnvelope event = codec.decode(message);
        if (EventTypes.ENTITLEMENTS_ISSUED.equals(event.type())) {
            EntitlementsIssued page = codec.payload(event, EntitlementsIssued.class);
            settlements.learnEntitlements(UUID.fromString(event.id()), event.type(), page.getEntitlements().stream()
                    .map(item -> new LineSettlements.Learnt(item.getEntitlementId(), item.getClaimId(),
                            item.getLineId(), page.getRoundId(), new BigInteger(item.getAmount()),
                            Optional.of(item.getAssetId()), item.getPayoutAddress()))
                    .toList());
        } else if (EventTypes.ENTITLEMENT_ISSUED.equals(event.type())) {
            EntitlementIssued issued = codec.payload(event, EntitlementIssued.class);
            settlements.learnEntitlements(UUID.fromString(event.id()), event.type(), List.of(new LineSettlements.Learnt(
                    issued.getEntitlementId(), issued.getClaimId(), issued.getLineId(), issued.getRoundId(),
                    new BigInteger(issued.getAmount()), Optional.ofNullable(issued.getAssetId()),
                    issued.getPayoutAddress())));
        } else {
            LOG.debugf("event type %s is not for claims-service, skipped", event.type());
        }
    }

    @Incoming("payout-payouts")
    @Blocking(ordered = true)
    @Retry(retryOn = LineSettlements.EntitlementNotYetLearnt.class, maxRetries = -1,
            maxDuration = SETTLEMENT_WAIT_MILLIS, delay = SETTLEMENT_RETRY_DELAY_MILLIS, jitter = 200)
    public void consumePayout(String message) {
        EventEnvelope event = codec.decode(message);
        if (EventTypes.PAYOUT_SETTLED.equals(event.type())) {
            PayoutSettled settled = codec.payload(event, PayoutSettled.class);
            settlements.settle(UUID.fromString(event.id()), event.type(), event.source(),
                    new LineSettlements.Settlement(settled.getBatchId(), settled.getChainId(), settled.getTxHash(),
                            settled.getBlockNumber(), settled.getItems().stream()
                            .map(item -> new LineSettlements.Item(item.getEntitlementId(),
                                    new BigInteger(item.getAmount()))).toList()));
        } else {
            LOG.debugf("event type %s is not for claims-service, skipped", event.type());
        }
    }
}

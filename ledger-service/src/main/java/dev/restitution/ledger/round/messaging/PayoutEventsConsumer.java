package dev.restitution.ledger.round.messaging;

import dev.restitution.kit.deadletter.DeadLetterHandlers;
import java.util.Map;
import java.util.function.Consumer;
import dev.restitution.contracts.events.PayoutSettled;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.ledger.round.PayoutBookings;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads payout-service's payout topic. The offset is committed only after {@link PayoutBookings}
 * committed the booking; the recorded event id absorbs a redelivery. An event that cannot be
 * booked goes to the dead-letter topic.
 */
@ApplicationScoped
public class PayoutEventsConsumer implements DeadLetterHandlers {

    private static final Logger LOG = Logger.getLogger(PayoutEventsConsumer.class);

    private final EventCodec codec;
    private final PayoutBookings bookings;

    public PayoutEventsConsumer(EventCodec codec, PayoutBookings bookings) {
        this.codec = codec;
        this.bookings = bookings;
    }

    @Override
    public Map<String, Consumer<String>> deadLetterHandlers() {
        return Map.of("payout-payouts", this::consume);
    }

    @Incoming("payout-payouts")
    @Blocking(ordered = true)
    public void consume(String message) {
        EventEnvelope event = codec.decode(message);
        if (!EventTypes.PAYOUT_SETTLED.equals(event.type())) {
            LOG.debugf("event type %s is not for ledger-service, skipped", event.type());
            return;
        }
        PayoutSettled settled = codec.payload(event, PayoutSettled.class);
        bookings.bookSettled(UUID.fromString(event.id()), event.type(), event.source(), toDomain(settled));
    }

    private static PayoutBookings.SettledBatch toDomain(PayoutSettled settled) {
        return new PayoutBookings.SettledBatch(settled.getBatchId(), settled.getIncidentId(), settled.getChainId(),
                Optional.ofNullable(settled.getAssetId()), settled.getTxHash(), settled.getBlockNumber(), settled.getItems().stream()
                        .map(item -> new PayoutBookings.Item(item.getEntitlementId(), new BigInteger(item.getAmount())))
                        .toList());
    }
}

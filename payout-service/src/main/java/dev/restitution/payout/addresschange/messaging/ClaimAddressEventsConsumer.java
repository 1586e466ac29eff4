package dev.restitution.payout.addresschange.messaging;

import dev.restitution.contracts.events.PayoutAddressChangeCancelled;
import dev.restitution.contracts.events.PayoutAddressChanged;
import dev.restitution.kit.deadletter.DeadLetterHandlers;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.id.ClaimId;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.payout.addresschange.AddressChanges;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads claims-service's payout address changes and their cancels (the claims topic, keyed by claim, so a claim's
 * events arrive in order); every other event of the topic is skipped. The offset is committed after
 * {@link AddressChanges} committed the effect with the event id; a malformed event goes to the dead-letter topic.
 */
@ApplicationScoped
public class ClaimAddressEventsConsumer implements DeadLetterHandlers {

    private static final Logger LOG = Logger.getLogger(ClaimAddressEventsConsumer.class);

    private final EventCodec codec;
    private final AddressChanges changes;

    public ClaimAddressEventsConsumer(EventCodec codec, AddressChanges changes) {
        this.codec = codec;
        this.changes = changes;
    }

    @Override
    public Map<String, Consumer<String>> deadLetterHandlers() {
        return Map.of("claims-claims", this::consume);
    }

    @Incoming("claims-claims")
    @Blocking(ordered = true)
    public void consume(String message) {
        EventEnvelope event = codec.decode(message);
        List<AddressChanges.Reproposal> reproposals;
        if (EventTypes.PAYOUT_ADDRESS_CHANGED.equals(event.type())) {
            PayoutAddressChanged changed = codec.payload(event, PayoutAddressChanged.class);
            reproposals = changes.changed(new AddressChanges.Changed(UUID.fromString(event.id()), event.type(),
                    new ClaimId(changed.getClaimId()), new IncidentId(changed.getIncidentId()), changed.getChainId(),
                    changed.getPreviousAddress(), changed.getAddress(), changed.getEffectiveAt().toInstant()));
        } else if (EventTypes.PAYOUT_ADDRESS_CHANGE_CANCELLED.equals(event.type())) {
            PayoutAddressChangeCancelled cancelled = codec.payload(event, PayoutAddressChangeCancelled.class);
            reproposals = changes.cancelled(new AddressChanges.Cancelled(UUID.fromString(event.id()), event.type(),
                    new ClaimId(cancelled.getClaimId()), new IncidentId(cancelled.getIncidentId()),
                    cancelled.getChainId(), cancelled.getCancelledAddress(), cancelled.getAddress()));
        } else {
            LOG.debugf("event type %s is not for payout-service, skipped", event.type());
            return;
        }
        reproposals.forEach(changes::repropose);
    }
}

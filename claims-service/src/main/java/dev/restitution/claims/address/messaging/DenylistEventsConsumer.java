package dev.restitution.claims.address.messaging;

import dev.restitution.kit.deadletter.DeadLetterHandlers;
import java.util.Map;
import java.util.function.Consumer;
import dev.restitution.claims.address.PayoutDenylist;
import dev.restitution.contracts.events.DenylistChanged;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads payout-service's denylist topic into claims-service's copy. The offset is committed only after
 * {@link PayoutDenylist} committed the change, so a crash in between redelivers, and the recorded event id
 * absorbs it; the changes of one address share a key and arrive in order.
 */
@ApplicationScoped
public class DenylistEventsConsumer implements DeadLetterHandlers {

    private static final Logger LOG = Logger.getLogger(DenylistEventsConsumer.class);

    private final EventCodec codec;
    private final PayoutDenylist denylist;

    public DenylistEventsConsumer(EventCodec codec, PayoutDenylist denylist) {
        this.codec = codec;
        this.denylist = denylist;
    }

    @Override
    public Map<String, Consumer<String>> deadLetterHandlers() {
        return Map.of("payout-denylist", this::consume);
    }

    @Incoming("payout-denylist")
    @Blocking(ordered = true)
    public void consume(String message) {
        EventEnvelope event = codec.decode(message);
        if (EventTypes.DENYLIST_CHANGED.equals(event.type())) {
            DenylistChanged changed = codec.payload(event, DenylistChanged.class);
            denylist.learn(UUID.fromString(event.id()), event.type(), new PayoutDenylist.Change(
                    changed.getChange() == DenylistChanged.Change.ADDED, changed.getChainId(),
                    Optional.ofNullable(changed.getIncidentId()), changed.getAddress(), changed.getReason(),
                    changed.getChangedAt().toInstant()));
        } else {
            LOG.debugf("event type %s is not for claims-service, skipped", event.type());
        }
    }
}

package dev.restitution.payout.instruction.messaging;

import dev.restitution.contracts.events.EntitlementIssued;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.id.ClaimId;
import dev.restitution.kit.id.EntitlementId;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.id.LineId;
import dev.restitution.kit.id.RoundId;
import dev.restitution.payout.instruction.Instructions;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the ledger's entitlements. The offset is committed only after {@link Instructions#issue} committed
 * the instruction with the event id; a malformed event throws and goes to the dead-letter topic.
 */
@ApplicationScoped
public class EntitlementConsumer {

    private static final Logger LOG = Logger.getLogger(EntitlementConsumer.class);

    private final EventCodec codec;
    private final Instructions instructions;

    public EntitlementConsumer(EventCodec codec, Instructions instructions) {
        this.codec = codec;
        this.instructions = instructions;
    }

    @Incoming("ledger-entitlements")
    @Blocking(ordered = true)
    public void consume(String message) {
        EventEnvelope event = codec.decode(message);
        if (!EventTypes.ENTITLEMENT_ISSUED.equals(event.type())) {
            LOG.debugf("event type %s is not for payout-service, skipped", event.type());
            return;
        }
        EntitlementIssued issued = codec.payload(event, EntitlementIssued.class);
        instructions.issue(UUID.fromString(event.id()), event.type(), new Instructions.Issued(
                new EntitlementId(issued.getEntitlementId()), new RoundId(issued.getRoundId()),
                new IncidentId(issued.getIncidentId()), new ClaimId(issued.getClaimId()), new LineId(issued.getLineId()),
                issued.getAssetSymbol(), issued.getChainId(),
                Optional.ofNullable(issued.getTokenContract()), new BigInteger(issued.getAmount()),
                issued.getPayoutAddress()));
    }
}

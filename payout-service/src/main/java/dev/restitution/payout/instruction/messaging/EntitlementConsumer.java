package dev.restitution.payout.instruction.messaging;

import dev.restitution.kit.deadletter.DeadLetterHandlers;
import java.util.Map;
import java.util.function.Consumer;
import dev.restitution.contracts.events.EntitlementIssued;
import dev.restitution.contracts.events.EntitlementsIssued;
import dev.restitution.contracts.events.IssuedEntitlement;
import dev.restitution.kit.chain.AssetId;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.id.ClaimId;
import dev.restitution.kit.id.EntitlementId;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.id.LineId;
import dev.restitution.kit.id.RoundId;
import dev.restitution.kit.tracing.TraceParent;
import dev.restitution.payout.instruction.Instructions;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the ledger's entitlements: pages of a round's entitlements (EntitlementsIssued, version 2) and, for
 * events published before pages, one entitlement each (version 1). The offset is committed only after
 * {@link Instructions#issue} committed the instructions with the event id; a malformed event (a malformed
 * traceParent too) throws and goes to the dead-letter topic.
 */
@ApplicationScoped
public class EntitlementConsumer implements DeadLetterHandlers {

    private static final Logger LOG = Logger.getLogger(EntitlementConsumer.class);

    private final EventCodec codec;
    private final Instructions instructions;

    public EntitlementConsumer(EventCodec codec, Instructions instructions) {
        this.codec = codec;
        this.instructions = instructions;
    }

    @Override
    public Map<String, Consumer<String>> deadLetterHandlers() {
        return Map.of("ledger-entitlements", this::consume);
    }

    @Incoming("ledger-entitlements")
    @Blocking(ordered = true)
    public void consume(String message) {
        EventEnvelope event = codec.decode(message);
        if (EventTypes.ENTITLEMENTS_ISSUED.equals(event.type())) {
            EntitlementsIssued page = codec.payload(event, EntitlementsIssued.class);
            page.getEntitlements().forEach(EntitlementConsumer::requireConsistentAssetId);
            instructions.issue(UUID.fromString(event.id()), event.type(), page.getEntitlements().stream()
                    .map(item -> new Instructions.Issued(new EntitlementId(item.getEntitlementId()),
                            new RoundId(page.getRoundId()), new IncidentId(page.getIncidentId()),
                            new ClaimId(item.getClaimId()), new LineId(item.getLineId()), item.getAssetSymbol(),
                            item.getChainId(), Optional.ofNullable(item.getTokenContract()),
                            new BigInteger(item.getAmount()), item.getPayoutAddress(),
                            TraceParent.ofNullable(item.getTraceParent())))
                    .toList());
        } else if (EventTypes.ENTITLEMENT_ISSUED.equals(event.type())) {
            EntitlementIssued issued = codec.payload(event, EntitlementIssued.class);
            instructions.issue(UUID.fromString(event.id()), event.type(), List.of(new Instructions.Issued(
                    new EntitlementId(issued.getEntitlementId()), new RoundId(issued.getRoundId()),
                    new IncidentId(issued.getIncidentId()), new ClaimId(issued.getClaimId()),
                    new LineId(issued.getLineId()), issued.getAssetSymbol(), issued.getChainId(),
                    Optional.ofNullable(issued.getTokenContract()), new BigInteger(issued.getAmount()),
                    issued.getPayoutAddress(), Optional.empty())));
        } else {
            LOG.debugf("event type %s is not for payout-service, skipped", event.type());
        }
    }

    /** The entitlement's CAIP-19 id must name the asset its chain and token name; anything else is a broken event. */
    private static void requireConsistentAssetId(IssuedEntitlement item) {
        String expected = AssetId.evm(item.getChainId(), Optional.ofNullable(item.getTokenContract())).toString();
        if (!expected.equals(item.getAssetId())) {
            throw new IllegalArgumentException("entitlement " + item.getEntitlementId() + " names asset "
                    + item.getAssetId() + " but its chain and token are " + expected);
        }
    }
}

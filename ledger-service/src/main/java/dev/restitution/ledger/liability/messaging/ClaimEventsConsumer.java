package dev.restitution.ledger.liability.messaging;

import dev.restitution.kit.deadletter.DeadLetterHandlers;
import java.util.Map;
import java.util.function.Consumer;
import dev.restitution.contracts.events.ClaimApproved;
import dev.restitution.contracts.events.ClaimApprovedLine;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.id.ClaimId;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.id.LineId;
import dev.restitution.ledger.liability.ClaimLiabilities;
import dev.restitution.ledger.liability.domain.ClaimLine;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads claims-service's claim topic. The offset is committed only after {@link ClaimLiabilities}
 * committed the booking, so a crash in between redelivers, and the recorded event id absorbs it.
 * An event that cannot be booked goes to the dead-letter topic.
 */
@ApplicationScoped
public class ClaimEventsConsumer implements DeadLetterHandlers {

    private static final Logger LOG = Logger.getLogger(ClaimEventsConsumer.class);

    private final EventCodec codec;
    private final ClaimLiabilities liabilities;

    public ClaimEventsConsumer(EventCodec codec, ClaimLiabilities liabilities) {
        this.codec = codec;
        this.liabilities = liabilities;
    }

    @Override
    public Map<String, Consumer<String>> deadLetterHandlers() {
        return Map.of("claims-claims", this::consume);
    }

    @Incoming("claims-claims")
    @Blocking(ordered = true)
    public void consume(String message) {
        EventEnvelope event = codec.decode(message);
        if (!EventTypes.CLAIM_APPROVED.equals(event.type())) {
            LOG.debugf("event type %s is not for ledger-service, skipped", event.type());
            return;
        }
        ClaimApproved approved = codec.payload(event, ClaimApproved.class);
        liabilities.bookApproved(UUID.fromString(event.id()), event.type(), event.source(), toDomain(approved));
    }

    private static ClaimLiabilities.ApprovedClaim toDomain(ClaimApproved approved) {
        return new ClaimLiabilities.ApprovedClaim(new ClaimId(approved.getClaimId()),
                new IncidentId(approved.getIncidentId()), approved.getAccountId(), approved.getLines().stream()
                .map(line -> new ClaimLine(new LineId(line.getLineId()), new ClaimId(approved.getClaimId()),
                        new IncidentId(approved.getIncidentId()), approved.getAccountId(), line.getAssetSymbol(),
                        new BigInteger(line.getApprovedAmount()), line.getPayoutAddress())).toList(),
                approved.getLines().stream().filter(line -> line.getAssetId() != null)
                        .collect(Collectors.toMap(line -> new LineId(line.getLineId()), ClaimApprovedLine::getAssetId)));
    }
}

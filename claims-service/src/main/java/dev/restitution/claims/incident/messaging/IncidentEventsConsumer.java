package dev.restitution.claims.incident.messaging;

import dev.restitution.kit.deadletter.DeadLetterHandlers;
import java.util.Map;
import java.util.function.Consumer;
import dev.restitution.claims.incident.IncidentService;
import dev.restitution.claims.incident.domain.ClaimableIncident;
import dev.restitution.claims.incident.domain.IncidentState;
import dev.restitution.contracts.events.IncidentStateChanged;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.contracts.events.IncidentDeclared;
import dev.restitution.contracts.events.SnapshotSealed;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the ledger's incident topic. The offset is committed only after {@link IncidentService}
 * committed the effect, so a crash in between redelivers, and the recorded event id absorbs it.
 */
@ApplicationScoped
public class IncidentEventsConsumer implements DeadLetterHandlers {

    private static final Logger LOG = Logger.getLogger(IncidentEventsConsumer.class);

    private final EventCodec codec;
    private final IncidentService incidents;

    public IncidentEventsConsumer(EventCodec codec, IncidentService incidents) {
        this.codec = codec;
        this.incidents = incidents;
    }

    @Override
    public Map<String, Consumer<String>> deadLetterHandlers() {
        return Map.of("ledger-incidents", this::consume);
    }

    @Incoming("ledger-incidents")
    @Blocking(ordered = true)
    public void consume(String message) {
        EventEnvelope event = codec.decode(message);
        if (EventTypes.INCIDENT_DECLARED.equals(event.type())) {
            incidents.learnDeclared(UUID.fromString(event.id()), event.type(),
                    toDomain(codec.payload(event, IncidentDeclared.class)));
        } else if (EventTypes.SNAPSHOT_SEALED.equals(event.type())) {
            SnapshotSealed sealed = codec.payload(event, SnapshotSealed.class);
            incidents.learnSealed(UUID.fromString(event.id()), event.type(), sealed.getIncidentId(),
                    sealed.getImportId(), sealed.getMerkleRoot(), sealed.getSealedAt().toInstant());
        } else if (EventTypes.INCIDENT_STATE_CHANGED.equals(event.type())) {
            IncidentStateChanged changed = codec.payload(event, IncidentStateChanged.class);
            incidents.learnStateChanged(UUID.fromString(event.id()), event.type(), changed.getIncidentId(),
                    IncidentState.valueOf(changed.getState().value()),
                    Optional.ofNullable(changed.getClaimsDeadline()).map(deadline -> deadline.toInstant()),
                    changed.getChangedAt().toInstant());
        } else {
            LOG.debugf("event type %s is not for claims-service, skipped", event.type());
        }
    }

    private static ClaimableIncident toDomain(IncidentDeclared declared) {
        return new ClaimableIncident(declared.getIncidentId(), declared.getExchange(), declared.getTitle(),
                Optional.ofNullable(declared.getDescription()), declared.getCutoffAt().toInstant(),
                declared.getAssets().stream().map(asset -> new ClaimableIncident.Asset(asset.getSymbol(),
                        asset.getChainId(), Optional.ofNullable(asset.getTokenContract()), asset.getDecimals()))
                        .toList(), IncidentState.DECLARED, Optional.empty());
    }
}

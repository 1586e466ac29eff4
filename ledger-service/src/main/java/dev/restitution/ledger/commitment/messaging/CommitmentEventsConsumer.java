package dev.restitution.ledger.commitment.messaging;

import dev.restitution.kit.deadletter.DeadLetterHandlers;
import java.util.Map;
import java.util.function.Consumer;
import dev.restitution.contracts.events.CommitmentPublished;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.ledger.commitment.CommitmentRecorder;
import dev.restitution.ledger.commitment.domain.CommitmentKind;
import dev.restitution.ledger.commitment.domain.OnchainCommitment;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads payout-service's commitments topic. The offset is committed only after {@link CommitmentRecorder}
 * committed the record (or found it recorded); the recorded event id absorbs a redelivery. An event whose root
 * is not the one this ledger keeps (a split view) cannot be recorded and goes to the dead-letter topic.
 */
@ApplicationScoped
public class CommitmentEventsConsumer implements DeadLetterHandlers {

    private static final Logger LOG = Logger.getLogger(CommitmentEventsConsumer.class);

    private final EventCodec codec;
    private final CommitmentRecorder recorder;

    public CommitmentEventsConsumer(EventCodec codec, CommitmentRecorder recorder) {
        this.codec = codec;
        this.recorder = recorder;
    }

    @Override
    public Map<String, Consumer<String>> deadLetterHandlers() {
        return Map.of("payout-commitments", this::consume);
    }

    @Incoming("payout-commitments")
    @Blocking(ordered = true)
    public void consume(String message) {
        EventEnvelope event = codec.decode(message);
        if (!EventTypes.COMMITMENT_PUBLISHED.equals(event.type())) {
            LOG.debugf("event type %s is not for ledger-service, skipped", event.type());
            return;
        }
        CommitmentPublished published = codec.payload(event, CommitmentPublished.class);
        recorder.record(UUID.fromString(event.id()), event.type(), toDomain(published));
    }

    private static OnchainCommitment toDomain(CommitmentPublished published) {
        return new OnchainCommitment(
                OnchainCommitment.parseHash(published.getCommitmentId(), "commitmentId"),
                CommitmentKind.valueOf(published.getKind().value()),
                published.getIncidentId(),
                Optional.ofNullable(published.getRoundId()),
                Optional.ofNullable(published.getRoundNumber()),
                OnchainCommitment.parseHash(published.getRoot(), "root"),
                published.getChainId(),
                published.getContract(),
                published.getTxHash(),
                published.getBlockNumber(),
                published.getPublishedAt().toInstant());
    }
}

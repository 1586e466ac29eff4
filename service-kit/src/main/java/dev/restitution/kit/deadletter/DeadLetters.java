package dev.restitution.kit.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditRecord;
import dev.restitution.kit.deadletter.persistence.DeadLetterReplayStore;
import dev.restitution.kit.deadletter.persistence.DeadLetterReplayStore.StoredReplay;
import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Lists, inspects and replays the records this service parked. A replay runs the channel's own handler on the
 * record's value in ONE transaction with its row in {@code dead_letter_replay} and its audit entry: all three are
 * written or none. The row's key refuses a second replay of the same record (409, nothing changed); a handler that
 * still fails rolls everything back (422 with its cause) and the record stays parked for a later try.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String AUDIT_ACTION = "DEAD_LETTER_REPLAYED";
    public static final String AUDIT_SUBJECT_TYPE = "DEAD_LETTER";
    /** Longest cause a refused replay reports. */
    static final int MAX_CAUSE_LENGTH = 1000;

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeadLetterChannels channels;
    private final ParkedRecords records;
    private final DeadLetterReplayStore replays;
    private final AuditLog audit;
    private final Clock clock;
    private final Optional<String> auditChain;

    public DeadLetters(DeadLetterChannels channels, ParkedRecords records, DeadLetterReplayStore replays, AuditLog audit,
                       Clock clock, @ConfigProperty(name = "restitution.dead-letters.audit-chain") Optional<String> auditChain) {
        this.channels = channels;
        this.records = records;
        this.replays = replays;
        this.audit = audit;
        this.clock = clock;
        this.auditChain = auditChain;
    }

    /** Up to {@code limit} parked records (of one channel, or all) after {@code after}, each with its replay if any. */
    public List<DeadLetter> page(Optional<String> channel, Optional<DeadLetterId> after, int limit) {
        List<DeadLetterChannels.Channel> of = channel.map(name -> List.of(channels.named(name).orElseThrow(() ->
                        ProblemException.invalid(List.of(new FieldViolation("channel", "is not a channel of this service "
                                + "that parks records; one of " + channels.all().stream().map(DeadLetterChannels.Channel::name).toList()))))))
                .orElseGet(channels::all);
        List<ParkedRecord> page = records.page(of, after, limit);
        Map<String, Map<Long, StoredReplay>> replayed = QuarkusTransaction.requiringNew().call(() -> replaysOf(page));
        return page.stream().map(record -> new DeadLetter(record, Optional.ofNullable(replayed
                .getOrDefault(partitionKey(record.id()), Map.of()).get(record.id().offset())).map(DeadLetters::replayOf)))
                .toList();
    }

    /** The record {@code id} names with its replay; 404 when it is not (or no longer) on one of this service's topics. */
    public DeadLetter find(DeadLetterId id) {
        return withReplay(parked(id));
    }

    /** Replays the record through its channel's handler, once; see the class comment for what is refused. */
    public DeadLetter replay(DeadLetterId id, Actor actor, String reason) {
        if (reason == null || reason.isBlank() || reason.length() > AuditRecord.MAX_REASON_LENGTH) {
            throw ProblemException.invalid(List.of(new FieldViolation("reason",
                    "say why the record is replayed now (what was fixed), 1 to " + AuditRecord.MAX_REASON_LENGTH + " characters")));
        }
        ParkedRecord record = parked(id);
        DeadLetterChannels.Channel channel = channels.ofTopic(id.topic()).orElseThrow();
        Instant now = clock.instant();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (!replays.insert(new StoredReplay(id.topic(), id.partition(), id.offset(), now, actor.subjectId(),
                        actor.username(), reason))) {
                    throw ProblemException.conflict("dead-letter-already-replayed", "Dead letter " + id
                            + " was replayed before; a record is replayed at most once. Nothing was changed.");
                }
                runHandler(channel, record);
                appendAudit(record, actor, now, reason);
            });
        } catch (QuarkusTransactionException rolledBack) {
            if (rolledBack.getCause() instanceof ProblemException refused) {
                throw refused;
            }
            // The handler returned but left its transaction marked for rollback: it refused the record all the same.
            throw new ProblemException(refusal(id, rolledBack.getCause() == null ? rolledBack : rolledBack.getCause()));
        }
        LOG.infof("dead letter %s of channel %s replayed by %s", id, channel.name(), actor.username());
        return new DeadLetter(record, Optional.of(new DeadLetterReplay(now, actor, reason)));
    }

    private static void runHandler(DeadLetterChannels.Channel channel, ParkedRecord record) {
        try {
            channel.handler().accept(record.value());
        } catch (RuntimeException failure) {
            throw new HandlerFailed(record.id(), failure);
        }
    }

    /** The handler refused the record: the transaction rolls back, and the caller gets a 422 with the cause. */
    private static final class HandlerFailed extends ProblemException {
        HandlerFailed(DeadLetterId id, Throwable cause) {
            super(refusal(id, cause));
        }
    }

    private static ProblemDetails refusal(DeadLetterId id, Throwable cause) {
        String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return ProblemDetails.of("dead-letter-replay-failed", "Replay failed", 422, "The handler of dead letter " + id
                + " still refuses it (" + (text.length() > MAX_CAUSE_LENGTH ? text.substring(0, MAX_CAUSE_LENGTH) : text)
                + "). Nothing was written; the record stays parked.");
    }

    private void appendAudit(ParkedRecord record, Actor actor, Instant now, String reason) {
        String after = state(record);
        if (auditChain.isPresent()) {
            audit.appendToChain(auditChain.get(), now, new AuditRecord(actor, AUDIT_ACTION, AUDIT_SUBJECT_TYPE,
                    record.id().toString(), null, after, reason));
        } else {
            audit.append(actor, AUDIT_ACTION, AUDIT_SUBJECT_TYPE, record.id().toString(), null, after, reason);
        }
    }

    /** What the audit entry records of the replayed record: its channel, origin and event. */
    private static String state(ParkedRecord record) {
        ObjectNode state = JSON.createObjectNode().put("channel", record.channel()).put("replayed", true);
        record.originalTopic().ifPresent(topic -> state.put("originalTopic", topic));
        record.originalPartition().ifPresent(partition -> state.put("originalPartition", partition));
        record.originalOffset().ifPresent(offset -> state.put("originalOffset", offset));
        event(record).forEach(state::put);
        return state.toString();
    }

    /** The CloudEvent's {@code id} and {@code type}, when the value is one (a parked value may be anything). */
    public static Map<String, String> event(ParkedRecord record) {
        try {
            JsonNode value = JSON.readTree(record.value());
            if (value == null || !value.isObject()) {
                return Map.of();
            }
            Map<String, String> event = new java.util.TreeMap<>();
            if (value.path("id").isTextual()) {
                event.put("eventId", value.get("id").asText());
            }
            if (value.path("type").isTextual()) {
                event.put("eventType", value.get("type").asText());
            }
            return event;
        } catch (java.io.IOException notJson) {
            return Map.of();
        }
    }

    /** The replays of the records of a page: one query per partition the page spans. */
    private Map<String, Map<Long, StoredReplay>> replaysOf(List<ParkedRecord> page) {
        Map<String, long[]> spans = new java.util.TreeMap<>();
        for (ParkedRecord record : page) {
            DeadLetterId id = record.id();
            spans.merge(partitionKey(id), new long[] {id.offset(), id.offset()},
                    (known, added) -> new long[] {Math.min(known[0], added[0]), Math.max(known[1], added[1])});
        }
        Map<String, Map<Long, StoredReplay>> replayed = new java.util.HashMap<>();
        for (ParkedRecord record : page) {
            String key = partitionKey(record.id());
            if (!replayed.containsKey(key)) {
                long[] span = spans.get(key);
                replayed.put(key, replays.inRange(record.id().topic(), record.id().partition(), span[0], span[1] + 1));
            }
        }
        return replayed;
    }

    private static String partitionKey(DeadLetterId id) {
        return id.topic() + ":" + id.partition();
    }

    private ParkedRecord parked(DeadLetterId id) {
        return records.find(id).orElseThrow(() -> ProblemException.notFound("Dead letter " + id));
    }

    private DeadLetter withReplay(ParkedRecord record) {
        DeadLetterId id = record.id();
        return new DeadLetter(record, QuarkusTransaction.requiringNew().call(() ->
                replays.find(id.topic(), id.partition(), id.offset())).map(DeadLetters::replayOf));
    }

    private static DeadLetterReplay replayOf(StoredReplay stored) {
        return new DeadLetterReplay(stored.replayedAt(), new Actor(stored.actorSubjectId(), stored.actorUsername()),
                stored.reason());
    }
}

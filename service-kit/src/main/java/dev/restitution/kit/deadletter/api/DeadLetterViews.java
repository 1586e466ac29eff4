package dev.restitution.kit.deadletter.api;

import dev.restitution.kit.audit.api.AuditViews;
import dev.restitution.kit.deadletter.DeadLetter;
import dev.restitution.kit.deadletter.DeadLetterReplay;
import dev.restitution.kit.deadletter.DeadLetters;
import dev.restitution.kit.deadletter.ParkedRecord;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The dead-letter API's bodies, the same in every service ({@code DeadLetterSummary}, {@code DeadLetter},
 * {@code DeadLetterPage}, {@code DeadLetterReplay} of {@code contracts/openapi/common.yaml}). Absent values are null
 * and left out of the JSON.
 */
public final class DeadLetterViews {

    private DeadLetterViews() {
    }

    public record ReplayView(OffsetDateTime replayedAt, AuditViews.ActorView actor, String reason) {
        static ReplayView of(DeadLetterReplay replay) {
            return new ReplayView(replay.replayedAt().atOffset(ZoneOffset.UTC), AuditViews.ActorView.of(replay.actor()),
                    replay.reason());
        }
    }

    public record SummaryView(String id, String channel, String topic, int partition, long offset,
                              OffsetDateTime parkedAt, String reason, String originalTopic, String eventId,
                              String eventType, ReplayView replay) {
        static SummaryView of(DeadLetter letter) {
            ParkedRecord record = letter.record();
            Map<String, String> event = DeadLetters.event(record);
            return new SummaryView(record.id().toString(), record.channel(), record.id().topic(), record.id().partition(),
                    record.id().offset(), record.parkedAt().atOffset(ZoneOffset.UTC), record.reason().orElse(null),
                    record.originalTopic().orElse(null), event.get("eventId"), event.get("eventType"),
                    letter.replay().map(ReplayView::of).orElse(null));
        }
    }

    public record DetailView(String id, String channel, String topic, int partition, long offset,
                             OffsetDateTime parkedAt, String reason, String cause, String originalTopic,
                             Integer originalPartition, Long originalOffset, String eventId, String eventType,
                             String payload, Map<String, String> headers, ReplayView replay) {
        static DetailView of(DeadLetter letter) {
            ParkedRecord record = letter.record();
            Map<String, String> event = DeadLetters.event(record);
            return new DetailView(record.id().toString(), record.channel(), record.id().topic(), record.id().partition(),
                    record.id().offset(), record.parkedAt().atOffset(ZoneOffset.UTC), record.reason().orElse(null),
                    record.cause().orElse(null), record.originalTopic().orElse(null),
                    record.originalPartition().orElse(null), record.originalOffset().orElse(null), event.get("eventId"),
                    event.get("eventType"), record.value(), new java.util.TreeMap<>(record.headers()),
                    letter.replay().map(ReplayView::of).orElse(null));
        }
    }

    public record PageView(List<SummaryView> items, int limit, String next) {
    }
}

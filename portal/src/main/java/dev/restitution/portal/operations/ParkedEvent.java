package dev.restitution.portal.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * One parked event as the dead-letter pages show it, from any service's generated model (the three documents share
 * the shape of {@code common.yaml}). Absent values are null; {@code payload} and {@code headers} only on a detail.
 */
public record ParkedEvent(ParkingService service, String id, String channel, String topic, int partition, long offset,
        OffsetDateTime parkedAt, String reason, String cause, String originalTopic, Integer originalPartition,
        Long originalOffset, String eventId, String eventType, String payload, Map<String, String> headers,
        OffsetDateTime replayedAt, String replayedBy, String replayReason) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of a reason a row of the list shows; the detail shows all of it. */
    static final int SHORT_REASON = 160;

    public boolean isReplayed() {
        return replayedAt != null;
    }

    /** Where the detail page is: the service, then the id as the service names it. */
    public String getLink() {
        return "/operations/dead-letters/" + service.key() + "/" + id;
    }

    public String getShortReason() {
        if (reason == null) {
            return "";
        }
        return reason.length() <= SHORT_REASON ? reason : reason.substring(0, SHORT_REASON) + "…";
    }

    /** The payload indented when it is JSON (a CloudEvent), else as it came. */
    public String getPrettyPayload() {
        if (payload == null) {
            return "";
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(payload));
        } catch (JsonProcessingException notJson) {
            return payload;
        }
    }

    public Map<String, String> getSortedHeaders() {
        return headers == null ? Map.of() : new TreeMap<>(headers);
    }

    static ParkedEvent of(ParkingService service, dev.restitution.contracts.ledger.model.DeadLetterSummary row) {
        var replay = row.getReplay();
        return new ParkedEvent(service, row.getId(), row.getChannel(), row.getTopic(), row.getPartition(), row.getOffset(),
                row.getParkedAt(), row.getReason(), null, row.getOriginalTopic(), null, null, row.getEventId(),
                row.getEventType(), null, null, replay == null ? null : replay.getReplayedAt(),
                replay == null ? null : replay.getActor().getUsername(), replay == null ? null : replay.getReason());
    }

    static ParkedEvent of(ParkingService service, dev.restitution.contracts.claims.model.DeadLetterSummary row) {
        var replay = row.getReplay();
        return new ParkedEvent(service, row.getId(), row.getChannel(), row.getTopic(), row.getPartition(), row.getOffset(),
                row.getParkedAt(), row.getReason(), null, row.getOriginalTopic(), null, null, row.getEventId(),
                row.getEventType(), null, null, replay == null ? null : replay.getReplayedAt(),
                replay == null ? null : replay.getActor().getUsername(), replay == null ? null : replay.getReason());
    }

    static ParkedEvent of(ParkingService service, dev.restitution.contracts.payout.model.DeadLetterSummary row) {
        var replay = row.getReplay();
        return new ParkedEvent(service, row.getId(), row.getChannel(), row.getTopic(), row.getPartition(), row.getOffset(),
                row.getParkedAt(), row.getReason(), null, row.getOriginalTopic(), null, null, row.getEventId(),
                row.getEventType(), null, null, replay == null ? null : replay.getReplayedAt(),
                replay == null ? null : replay.getActor().getUsername(), replay == null ? null : replay.getReason());
    }

    static ParkedEvent of(ParkingService service, dev.restitution.contracts.ledger.model.DeadLetter letter) {
        var replay = letter.getReplay();
        return new ParkedEvent(service, letter.getId(), letter.getChannel(), letter.getTopic(), letter.getPartition(),
                letter.getOffset(), letter.getParkedAt(), letter.getReason(), letter.getCause(), letter.getOriginalTopic(),
                letter.getOriginalPartition(), letter.getOriginalOffset(), letter.getEventId(), letter.getEventType(),
                letter.getPayload(), letter.getHeaders(), replay == null ? null : replay.getReplayedAt(),
                replay == null ? null : replay.getActor().getUsername(), replay == null ? null : replay.getReason());
    }

    static ParkedEvent of(ParkingService service, dev.restitution.contracts.claims.model.DeadLetter letter) {
        var replay = letter.getReplay();
        return new ParkedEvent(service, letter.getId(), letter.getChannel(), letter.getTopic(), letter.getPartition(),
                letter.getOffset(), letter.getParkedAt(), letter.getReason(), letter.getCause(), letter.getOriginalTopic(),
                letter.getOriginalPartition(), letter.getOriginalOffset(), letter.getEventId(), letter.getEventType(),
                letter.getPayload(), letter.getHeaders(), replay == null ? null : replay.getReplayedAt(),
                replay == null ? null : replay.getActor().getUsername(), replay == null ? null : replay.getReason());
    }

    static ParkedEvent of(ParkingService service, dev.restitution.contracts.payout.model.DeadLetter letter) {
        var replay = letter.getReplay();
        return new ParkedEvent(service, letter.getId(), letter.getChannel(), letter.getTopic(), letter.getPartition(),
                letter.getOffset(), letter.getParkedAt(), letter.getReason(), letter.getCause(), letter.getOriginalTopic(),
                letter.getOriginalPartition(), letter.getOriginalOffset(), letter.getEventId(), letter.getEventType(),
                letter.getPayload(), letter.getHeaders(), replay == null ? null : replay.getReplayedAt(),
                replay == null ? null : replay.getActor().getUsername(), replay == null ? null : replay.getReason());
    }
}

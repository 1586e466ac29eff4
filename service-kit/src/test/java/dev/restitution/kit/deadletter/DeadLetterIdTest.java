package dev.restitution.kit.deadletter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.kit.problem.ProblemException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeadLetterIdTest {

    @Test
    void anIdReadsBackAsTheTopicPartitionAndOffsetItNames() {
        // Why: the id is the only handle an operator has on a parked record; it must name exactly one record.
        DeadLetterId id = DeadLetterId.parse("restitution.claims.claims.ledger-dlq:2:1234", "id");
        assertEquals(new DeadLetterId("restitution.claims.claims.ledger-dlq", 2, 1234), id);
        assertEquals("restitution.claims.claims.ledger-dlq:2:1234", id.toString());
    }

    @Test
    void aMalformedIdIsA400NamingTheField() {
        // Why: a malformed id must be refused before anything reaches Kafka, and the refusal must say which field.
        for (String bad : new String[] {"", "topic", "topic:1", "topic:-1:2", "topic:1:x", "to pic:1:2", "topic:1:2:3",
                "a".repeat(161) + ":0:0", "topic:0:1234567890123456789"}) {
            ProblemException refused = assertThrows(ProblemException.class, () -> DeadLetterId.parse(bad, "after"), bad);
            assertEquals(400, refused.problem().status());
            assertEquals("after", refused.problem().errors().getFirst().field());
        }
        assertThrows(ProblemException.class, () -> DeadLetterId.parse(null, "id"));
    }

    @Test
    void listingOrderIsTopicThenPartitionThenOffset() {
        // Why: paging with "after" skips or repeats records unless the order is total and the same on every page.
        DeadLetterId first = new DeadLetterId("a-dlq", 0, 5);
        assertTrue(new DeadLetterId("a-dlq", 0, 6).isAfter(first));
        assertTrue(new DeadLetterId("a-dlq", 1, 0).isAfter(first));
        assertTrue(new DeadLetterId("b-dlq", 0, 0).isAfter(first));
        assertFalse(first.isAfter(first));
        assertFalse(new DeadLetterId("a-dlq", 0, 4).isAfter(first));
    }

    @Test
    void theDeadLetterHeadersAndTheEventAreReadOutAndAnythingElseIsLeftAbsent() {
        // Why: a parked value may be anything (that is often why it was parked); reading it must never fail the listing.
        ParkedRecord event = new ParkedRecord(new DeadLetterId("t-dlq", 0, 1), "channel",
                "{\"id\":\"e-1\",\"type\":\"dev.example.v1\"}", Map.of(ParkedRecord.REASON, "boom",
                ParkedRecord.ORIGINAL_TOPIC, "t", ParkedRecord.ORIGINAL_PARTITION, "3", ParkedRecord.ORIGINAL_OFFSET, "x"),
                Instant.EPOCH);
        assertEquals(Optional.of("boom"), event.reason());
        assertEquals(Optional.of(3), event.originalPartition());
        assertEquals(Optional.empty(), event.originalOffset());
        assertEquals(Map.of("eventId", "e-1", "eventType", "dev.example.v1"), DeadLetters.event(event));
        ParkedRecord garbage = new ParkedRecord(new DeadLetterId("t-dlq", 0, 2), "channel", "not json {", Map.of(),
                Instant.EPOCH);
        assertEquals(Map.of(), DeadLetters.event(garbage));
        assertEquals(Optional.empty(), garbage.cause());
    }
}

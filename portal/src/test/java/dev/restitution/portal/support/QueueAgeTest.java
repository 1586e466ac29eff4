package dev.restitution.portal.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QueueAgeTest {

    @Test
    void agesReadInTheLargestUsefulUnits() {
        // Why: an agent scanning the queue compares ages at a glance; seconds would hide a claim waiting for days.
        assertEquals("under 1 min", QueueAge.of(0));
        assertEquals("under 1 min", QueueAge.of(59));
        assertEquals("1 min", QueueAge.of(60));
        assertEquals("59 min", QueueAge.of(3_599));
        assertEquals("1 h 0 min", QueueAge.of(3_600));
        assertEquals("23 h 59 min", QueueAge.of(86_399));
        assertEquals("1 d 2 h", QueueAge.of(93_780));
        assertEquals("4 d 0 h", QueueAge.of(4 * 86_400));
    }

    @Test
    void aNegativeAgeIsABug() {
        // Why: claims-service counts from the queue entry; a negative age means clocks or data are broken.
        assertThrows(IllegalArgumentException.class, () -> QueueAge.of(-1));
    }
}

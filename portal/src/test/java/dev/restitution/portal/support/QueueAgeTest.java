package dev.restitution.portal.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QueueAgeTest {

    @Test
    void agesReadInTheLargestUsefulUnits() {
        // Why: an agent scanning the queue compares ages at a glance; seconds would hide a claim waiting for days.
        assertEquals(new QueueAge(0, 0, 0), QueueAge.of(0));
        assertEquals(new QueueAge(0, 0, 0), QueueAge.of(59));
        assertEquals(new QueueAge(0, 0, 1), QueueAge.of(60));
        assertEquals(new QueueAge(0, 0, 59), QueueAge.of(3_599));
        assertEquals(new QueueAge(0, 1, 0), QueueAge.of(3_600));
        assertEquals(new QueueAge(0, 23, 59), QueueAge.of(86_399));
        assertEquals(new QueueAge(1, 2, 0), QueueAge.of(93_780));
        assertEquals(new QueueAge(4, 0, 0), QueueAge.of(4 * 86_400));
    }

    @Test
    void aNegativeAgeIsABug() {
        // Why: claims-service counts from the queue entry; a negative age means clocks or data are broken.
        assertThrows(IllegalArgumentException.class, () -> QueueAge.of(-1));
    }
}

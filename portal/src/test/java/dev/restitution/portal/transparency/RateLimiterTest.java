package dev.restitution.portal.transparency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void aClientGetsItsBurstThenWaitsForTheRateAndSaysHowLong() {
        // Why: a visitor loading a few pages must never be refused, a flood must be, and Retry-After must be honest.
        RateLimiter limiter = new RateLimiter(3, 60, 10);
        long now = 1_000 * SECOND;
        for (int request = 0; request < 3; request++) {
            assertTrue(limiter.take("203.0.113.7", now).isEmpty(), "request " + request + " of the burst");
        }
        assertEquals(OptionalLong.of(1), limiter.take("203.0.113.7", now), "60 a minute: the next one in a second");
        assertTrue(limiter.take("203.0.113.7", now + SECOND).isEmpty());
        assertEquals(OptionalLong.of(1), limiter.take("203.0.113.7", now + SECOND));
    }

    @Test
    void clientsAreCountedApartAndAnIdleClientIsFullAgainButNeverAboveItsBurst() {
        // Why: one address flooding must not refuse another, and waiting long must not buy a larger burst.
        RateLimiter limiter = new RateLimiter(2, 6, 10);
        long now = 5 * SECOND;
        limiter.take("a", now);
        limiter.take("a", now);
        assertTrue(limiter.take("a", now).isPresent());
        assertTrue(limiter.take("b", now).isEmpty(), "another address keeps its own allowance");
        assertEquals(OptionalLong.of(10), limiter.take("a", now), "6 a minute: one every 10 s");
        long muchLater = now + Duration.ofDays(2).toNanos();
        assertTrue(limiter.take("a", muchLater).isEmpty());
        assertTrue(limiter.take("a", muchLater).isEmpty());
        assertTrue(limiter.take("a", muchLater).isPresent(), "the burst is 2 however long it waited");
    }

    @Test
    void limitsThatCannotBeCountedExactlyAreRefusedAtStart() {
        // Why: a misconfigured limit must stop the portal at start, not overflow silently under load.
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, 60, 10));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, 2_000_000, 10));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(3_601, 60, 10));
    }
}

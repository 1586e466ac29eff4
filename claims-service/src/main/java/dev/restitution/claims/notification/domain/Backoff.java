package dev.restitution.claims.notification.domain;

import java.time.Duration;

/**
 * When a failed mail is tried again: the delay doubles from {@code initial} up to {@code max}; after
 * {@code maxAttempts} failed attempts the mail is parked (kept, visible, re-queued by an operator), never dropped.
 */
public record Backoff(Duration initial, Duration max, int maxAttempts) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max and at least one attempt");
        }
    }

    /** The delay after the given number of failed attempts (1 for the first failure). */
    public Duration delayAfter(int failedAttempts) {
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
        Duration delay = initial.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    public boolean parks(int failedAttempts) {
        return failedAttempts >= maxAttempts;
    }
}

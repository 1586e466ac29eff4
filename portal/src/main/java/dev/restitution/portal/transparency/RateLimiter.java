package dev.restitution.portal.transparency;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A token bucket per client address: {@code burst} requests at once, refilled at {@code requestsPerMinute}. Buckets
 * of addresses not seen for ten minutes are forgotten (a forgotten bucket is a full one, which it would be by then),
 * and at most {@code maxClients} are kept, so a flood of addresses cannot exhaust memory.
 */
public final class RateLimiter {

    private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();
    private static final long NANOS_PER_HOUR = Duration.ofHours(1).toNanos();
    /** Bounds the rate so that an hour's refill (elapsed nanos times the rate) fits a long. */
    private static final int MAX_REQUESTS_PER_MINUTE = 1_000_000;

    private final int burst;
    private final int requestsPerMinute;
    private final Cache<String, Bucket> buckets;

    public RateLimiter(int burst, int requestsPerMinute, int maxClients) {
        if (burst < 1 || requestsPerMinute < 1 || maxClients < 1) {
            throw new IllegalArgumentException("burst, requestsPerMinute and maxClients are positive");
        }
        if (requestsPerMinute > MAX_REQUESTS_PER_MINUTE || burst > 60L * requestsPerMinute) {
            throw new IllegalArgumentException("at most " + MAX_REQUESTS_PER_MINUTE
                    + " requests per minute, and a burst of at most an hour's allowance");
        }
        this.burst = burst;
        this.requestsPerMinute = requestsPerMinute;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).maximumSize(maxClients).build();
    }

    /** Takes one request of {@code client}'s allowance; empty when allowed, else the seconds until it would be. */
    public OptionalLong take(String client, long nowNanos) {
        Objects.requireNonNull(client, "client");
        return buckets.get(client, ignored -> new Bucket(burst, nowNanos)).take(nowNanos, burst, requestsPerMinute);
    }

    /** Tokens are counted in units of 1/minute-in-nanos of a request, so refill stays exact integer arithmetic. */
    private static final class Bucket {
        private long tokensTimesMinute;
        private long updatedNanos;

        Bucket(int burst, long nowNanos) {
            this.tokensTimesMinute = burst * NANOS_PER_MINUTE;
            this.updatedNanos = nowNanos;
        }

        synchronized OptionalLong take(long nowNanos, int burst, int requestsPerMinute) {
            // An hour refills any bucket (burst is at most an hour's allowance) and keeps the product far from overflow.
            long elapsed = Math.min(Math.max(0, nowNanos - updatedNanos), NANOS_PER_HOUR);
            updatedNanos = Math.max(updatedNanos, nowNanos);
            tokensTimesMinute = Math.min(burst * NANOS_PER_MINUTE, tokensTimesMinute + elapsed * requestsPerMinute);
            if (tokensTimesMinute >= NANOS_PER_MINUTE) {
                tokensTimesMinute -= NANOS_PER_MINUTE;
                return OptionalLong.empty();
            }
            long missing = NANOS_PER_MINUTE - tokensTimesMinute;
            long waitNanos = (missing + requestsPerMinute - 1) / requestsPerMinute;
            return OptionalLong.of(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
        }
    }
}

package dev.restitution.portal.support;

/** How long a claim has waited in the review queue, in the words an agent scans a long list with. */
public final class QueueAge {

    private static final long MINUTE_SECONDS = 60;
    private static final long HOUR_SECONDS = 60 * MINUTE_SECONDS;
    private static final long DAY_SECONDS = 24 * HOUR_SECONDS;

    private QueueAge() {
    }

    /** {@code of(93_780)} is {@code "1 d 2 h"}; under a minute is {@code "under 1 min"}. */
    public static String of(long ageSeconds) {
        if (ageSeconds < 0) {
            throw new IllegalArgumentException("a queue age is never negative: " + ageSeconds);
        }
        if (ageSeconds < MINUTE_SECONDS) {
            return "under 1 min";
        }
        if (ageSeconds < HOUR_SECONDS) {
            return ageSeconds / MINUTE_SECONDS + " min";
        }
        if (ageSeconds < DAY_SECONDS) {
            return ageSeconds / HOUR_SECONDS + " h " + ageSeconds % HOUR_SECONDS / MINUTE_SECONDS + " min";
        }
        return ageSeconds / DAY_SECONDS + " d " + ageSeconds % DAY_SECONDS / HOUR_SECONDS + " h";
    }
}

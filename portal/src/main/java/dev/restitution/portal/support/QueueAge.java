package dev.restitution.portal.support;

import io.quarkus.qute.TemplateData;

/**
 * How long a claim has waited in the review queue, in the coarse parts an agent scans a long list with: days and hours
 * from a day on, hours and minutes from an hour on, minutes below that. The review queue page words them in its language.
 */
@TemplateData
public record QueueAge(long days, long hours, long minutes) {

    private static final long MINUTE_SECONDS = 60;
    private static final long HOUR_SECONDS = 60 * MINUTE_SECONDS;
    private static final long DAY_SECONDS = 24 * HOUR_SECONDS;

    /** {@code of(93_780)} is 1 d 2 h (the 23 minutes are dropped); under a minute is all zeros. */
    public static QueueAge of(long ageSeconds) {
        if (ageSeconds < 0) {
            throw new IllegalArgumentException("a queue age is never negative: " + ageSeconds);
        }
        if (ageSeconds < DAY_SECONDS) {
            return new QueueAge(0, ageSeconds / HOUR_SECONDS, ageSeconds % HOUR_SECONDS / MINUTE_SECONDS);
        }
        return new QueueAge(ageSeconds / DAY_SECONDS, ageSeconds % DAY_SECONDS / HOUR_SECONDS, 0);
    }
}

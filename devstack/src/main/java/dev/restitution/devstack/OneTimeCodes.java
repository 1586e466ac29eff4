package dev.restitution.devstack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Hands out TOTP codes that this JVM has not given to Keycloak before: Keycloak refuses a code used once already
 * (per user and credential), and accepts the codes of one period before and after the current one. So a user can
 * sign in up to three times in a period; a fourth sign-in waits for the next period (at most one period).
 */
public final class OneTimeCodes {

    /** A code of the previous period is only handed out while this much of the current period remains. */
    private static final long MARGIN_SECONDS = 8;
    private static final OneTimeCodes SHARED = new OneTimeCodes(Clock.systemUTC());

    private final Clock clock;
    private final Map<String, Set<Long>> usedSteps = new HashMap<>();

    OneTimeCodes(Clock clock) {
        this.clock = clock;
    }

    /** The codes of this JVM (tests, the portal's browser tests and the demo share them). */
    public static OneTimeCodes shared() {
        return SHARED;
    }

    /**
     * A code for {@code account} (realm and user name) that Keycloak has not seen from this JVM, waiting for the
     * next period when the window's codes are used up.
     */
    public String next(String account, Totp totp) {
        while (true) {
            Duration wait;
            synchronized (this) {
                Instant now = clock.instant();
                long step = Totp.step(now);
                long intoPeriod = now.getEpochSecond() - step * Totp.PERIOD_SECONDS;
                Set<Long> used = usedSteps.computeIfAbsent(account, key -> new HashSet<>());
                used.removeIf(old -> old < step - 1);
                long[] candidates = intoPeriod < Totp.PERIOD_SECONDS - MARGIN_SECONDS
                        ? new long[] {step, step + 1, step - 1} : new long[] {step + 1, step};
                for (long candidate : candidates) {
                    if (used.add(candidate)) {
                        return totp.codeForStep(candidate);
                    }
                }
                wait = Duration.ofSeconds(Totp.PERIOD_SECONDS - intoPeriod).plusMillis(200);
            }
            sleep(wait);
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the next TOTP period", e);
        }
    }
}

package dev.restitution.devstack;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Polls a readiness check until it passes, the component dies, or a bounded timeout runs out. */
final class Readiness {

    /** Short enough to notice readiness within a blink, long enough not to load 2 cores with polling. */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private Readiness() {
    }

    /**
     * @param stillRunning throws when the component has died, so its failure is reported at once
     * @param ready true when the component answers as it should; exceptions count as "not yet"
     */
    static void await(String component, Duration timeout, Runnable stillRunning, BooleanSupplier ready, String logHint) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            stillRunning.run();
            if (passes(ready)) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(component + " was not ready within " + timeout.toSeconds() + " s; see " + logHint);
            }
            try {
                Thread.sleep(POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + component, e);
            }
        }
    }

    private static boolean passes(BooleanSupplier ready) {
        try {
            return ready.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}

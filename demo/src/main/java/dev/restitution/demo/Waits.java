package dev.restitution.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Waiting for what another service learns on its own time: polls every 250 ms until an answer or the timeout. */
final class Waits {

    private Waits() {
    }

    /** The first non-null answer of {@code attempt}; gives up with an exception naming {@code what} after {@code timeout}. */
    static <T> T until(Duration timeout, String what, Supplier<T> attempt) {
        Instant giveUp = Instant.now().plus(timeout);
        while (Instant.now().isBefore(giveUp)) {
            T result = attempt.get();
            if (result != null) {
                return result;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
        throw new IllegalStateException("gave up after " + timeout.toSeconds() + " s waiting for " + what);
    }
}

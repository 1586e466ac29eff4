package dev.restitution.kit.clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The one clock of a service: every time a service records comes from this bean, never from {@code Instant.now()},
 * so a test can replace it (a CDI alternative producing another {@link Clock}) and see exactly the times written.
 */
public class ServiceClock {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}

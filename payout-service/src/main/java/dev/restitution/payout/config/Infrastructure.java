package dev.restitution.payout.config;

import dev.restitution.contracts.events.EventCodec;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Beans from plain classes: the shared event codec (outbox, consumers) and the clock. */
public class Infrastructure {

    @Produces
    @Singleton
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}

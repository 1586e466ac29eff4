package dev.restitution.kit.events;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one {@link EventCodec} of a service, shared by its outbox writers and its consumers. */
public class EventCodecs {

    @Produces
    @Singleton
    EventCodec eventCodec() {
        return new EventCodec();
    }
}

package dev.restitution.kit.metrics;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Tags every meter of the service with {@code service} = its application name, so one query can tell them apart. */
public class ServiceTag {

    @Produces
    @Singleton
    MeterFilter serviceTag(@ConfigProperty(name = "quarkus.application.name") String applicationName) {
        return MeterFilter.commonTags(Tags.of("service", applicationName));
    }
}

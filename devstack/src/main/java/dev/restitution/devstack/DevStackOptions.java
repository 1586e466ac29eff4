package dev.restitution.devstack;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How to start a {@link DevStack}.
 *
 * @param dataDirectory where every component keeps its data and log files; created if missing
 * @param postgresPort PostgreSQL port, 0 for a free one
 * @param kafkaPort Kafka client port, 0 for a free one (the KRaft controller always takes a free one)
 * @param keycloakPort Keycloak HTTP port, 0 for a free one
 * @param anvilPort anvil JSON-RPC port, 0 for a free one
 * @param otlpPort the OTLP receiver's HTTP port, 0 for a free one
 * @param components which components to start
 */
public record DevStackOptions(
        Path dataDirectory,
        int postgresPort,
        int kafkaPort,
        int keycloakPort,
        int anvilPort,
        int otlpPort,
        Set<Component> components) {

    /** The ports of {@code ./restitution run}: fixed so URLs can be bookmarked, outside common defaults. */
    public static final int RUN_POSTGRES_PORT = 15432;
    public static final int RUN_KAFKA_PORT = 19092;
    public static final int RUN_KEYCLOAK_PORT = 8180;
    public static final int RUN_ANVIL_PORT = 8545;
    /** OTLP/HTTP's registered port, so an OpenTelemetry SDK's default for http/protobuf finds it. */
    public static final int RUN_OTLP_PORT = 4318;

    private static final int HIGHEST_PORT = 65_535;

    public DevStackOptions {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        requirePort(postgresPort, "postgresPort");
        requirePort(kafkaPort, "kafkaPort");
        requirePort(keycloakPort, "keycloakPort");
        requirePort(anvilPort, "anvilPort");
        requirePort(otlpPort, "otlpPort");
        components = Set.copyOf(Objects.requireNonNull(components, "components"));
        dataDirectory = dataDirectory.toAbsolutePath().normalize();
    }

    /** Every component, each on a free port: for tests, which may run beside anything else. */
    public static DevStackOptions onFreePorts(Path dataDirectory) {
        return new DevStackOptions(dataDirectory, 0, 0, 0, 0, 0, EnumSet.allOf(Component.class));
    }

    /** Every component on the fixed ports of {@code ./restitution run}. */
    public static DevStackOptions onRunPorts(Path dataDirectory) {
        return new DevStackOptions(dataDirectory, RUN_POSTGRES_PORT, RUN_KAFKA_PORT, RUN_KEYCLOAK_PORT, RUN_ANVIL_PORT, RUN_OTLP_PORT,
                EnumSet.allOf(Component.class));
    }

    /** The same options, starting only the components given. */
    public DevStackOptions withComponents(Component first, Component... others) {
        return new DevStackOptions(dataDirectory, postgresPort, kafkaPort, keycloakPort, anvilPort, otlpPort,
                EnumSet.of(first, others));
    }

    public boolean starts(Component component) {
        return components.contains(component);
    }

    private static void requirePort(int port, String name) {
        if (port < 0 || port > HIGHEST_PORT) {
            throw new IllegalArgumentException(name + " must be between 0 (free port) and " + HIGHEST_PORT + ", was " + port);
        }
    }
}

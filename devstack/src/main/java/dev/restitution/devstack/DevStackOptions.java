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
 * @param smtpPort the mail server's SMTP port, 0 for a free one; its IMAP port is {@link #imapPort()}, its HTTP
 *     listing's {@link #mailboxPort()}
 * @param components which components to start
 */
public record DevStackOptions(
        Path dataDirectory,
        int postgresPort,
        int kafkaPort,
        int keycloakPort,
        int anvilPort,
        int otlpPort,
        int smtpPort,
        Set<Component> components) {

    /** The ports of {@code ./restitution run}: fixed so URLs can be bookmarked, outside common defaults. */
    public static final int RUN_POSTGRES_PORT = 15432;
    public static final int RUN_KAFKA_PORT = 19092;
    public static final int RUN_KEYCLOAK_PORT = 8180;
    public static final int RUN_ANVIL_PORT = 8545;
    /** OTLP/HTTP's registered port, so an OpenTelemetry SDK's default for http/protobuf finds it. */
    public static final int RUN_OTLP_PORT = 4318;
    /** The mail server: SMTP on 2525, IMAP on 3143, its HTTP listing on 8025 (the ports mail catchers use). */
    public static final int RUN_SMTP_PORT = 2525;
    public static final int RUN_IMAP_PORT = 3143;
    public static final int RUN_MAILBOX_PORT = 8025;

    private static final int HIGHEST_PORT = 65_535;

    public DevStackOptions {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        requirePort(postgresPort, "postgresPort");
        requirePort(kafkaPort, "kafkaPort");
        requirePort(keycloakPort, "keycloakPort");
        requirePort(anvilPort, "anvilPort");
        requirePort(otlpPort, "otlpPort");
        requirePort(smtpPort, "smtpPort");
        components = Set.copyOf(Objects.requireNonNull(components, "components"));
        dataDirectory = dataDirectory.toAbsolutePath().normalize();
    }

    /** Every component, each on a free port: for tests, which may run beside anything else. */
    public static DevStackOptions onFreePorts(Path dataDirectory) {
        return new DevStackOptions(dataDirectory, 0, 0, 0, 0, 0, 0, EnumSet.allOf(Component.class));
    }

    /** Every component on the fixed ports of {@code ./restitution run}. */
    public static DevStackOptions onRunPorts(Path dataDirectory) {
        return new DevStackOptions(dataDirectory, RUN_POSTGRES_PORT, RUN_KAFKA_PORT, RUN_KEYCLOAK_PORT, RUN_ANVIL_PORT, RUN_OTLP_PORT, RUN_SMTP_PORT,
                EnumSet.allOf(Component.class));
    }

    /** The same options, starting only the components given. */
    public DevStackOptions withComponents(Component first, Component... others) {
        return new DevStackOptions(dataDirectory, postgresPort, kafkaPort, keycloakPort, anvilPort, otlpPort, smtpPort,
                EnumSet.of(first, others));
    }

    /** IMAP beside SMTP: fixed with the run ports, else a free one. */
    public int imapPort() {
        return smtpPort == RUN_SMTP_PORT ? RUN_IMAP_PORT : 0;
    }

    /** The mail server's HTTP listing: fixed with the run ports, else a free one. */
    public int mailboxPort() {
        return smtpPort == RUN_SMTP_PORT ? RUN_MAILBOX_PORT : 0;
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

package dev.restitution.devstack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration a service needs to run against a {@link DevStack}: handed to a service's tests by
 * {@link DevStackTestResource} and to a service process by {@link Platform} as system properties.
 */
public final class ServiceConfiguration {

    public static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    public static final String DATABASE_USERNAME = "quarkus.datasource.username";
    public static final String DATABASE_PASSWORD = "quarkus.datasource.password";
    public static final String MIGRATION_USERNAME = "quarkus.flyway.username";
    public static final String MIGRATION_PASSWORD = "quarkus.flyway.password";
    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String OIDC_AUTH_SERVER_URL = "quarkus.oidc.auth-server-url";
    public static final String OIDC_CLIENT_AUTH_SERVER_URL = "quarkus.oidc-client.auth-server-url";
    public static final String OIDC_CLIENT_ID = "quarkus.oidc-client.client-id";
    public static final String OIDC_CLIENT_SECRET = "quarkus.oidc-client.credentials.secret";
    /** payout-service's endpoint of the devstack's anvil chain (chain id 31337). */
    public static final String CHAIN_RPC_URL = "restitution.chains.\"31337\".rpc-url";

    /** Where a service or the portal exports its spans (OTLP/HTTP): the devstack's {@link OtlpReceiver}. */
    public static final String OTLP_ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";
    /** How long spans wait in the exporter's batch: short here, so tests and people see them within a blink. */
    public static final String SPAN_BATCH_DELAY = "quarkus.otel.bsp.schedule.delay";

    /** Where a service sends mail: the devstack's {@link SmtpServer} (plain SMTP on loopback, no login). */
    public static final String MAILER_HOST = "quarkus.mailer.host";
    public static final String MAILER_PORT = "quarkus.mailer.port";

    /** The services that have a database, a client and a configuration here. */
    public static final List<String> SERVICES = List.of("ledger", "claims", "payout");

    private ServiceConfiguration() {
    }

    /**
     * For service S (ledger, claims or payout): database S, which the service uses as role S_app and
     * migrates as its owner S, the stack's Kafka, the realm as OIDC server, client S-service with its dev
     * secret, anvil as chain RPC, the OTLP receiver for spans, the mail server for mail.
     */
    public static Map<String, String> of(DevStack stack, String service) {
        requireService(service);
        Map<String, String> configuration = new HashMap<>(tracing(stack));
        configuration.putAll(Map.ofEntries(
                Map.entry(JDBC_URL, stack.postgresJdbcUrl(service)),
                Map.entry(DATABASE_USERNAME, stack.databaseUser(service)),
                Map.entry(DATABASE_PASSWORD, stack.databasePassword(service)),
                Map.entry(MIGRATION_USERNAME, stack.databaseOwner(service)),
                Map.entry(MIGRATION_PASSWORD, stack.databaseOwnerPassword(service)),
                Map.entry(KAFKA_BOOTSTRAP_SERVERS, stack.kafkaBootstrapServers()),
                Map.entry(OIDC_AUTH_SERVER_URL, stack.realmUrl()),
                Map.entry(OIDC_CLIENT_AUTH_SERVER_URL, stack.realmUrl()),
                Map.entry(OIDC_CLIENT_ID, DemoUsers.serviceClientId(service)),
                Map.entry(OIDC_CLIENT_SECRET, DemoUsers.serviceClientSecret(service)),
                Map.entry(CHAIN_RPC_URL, stack.anvilRpcUrl()),
                Map.entry(MAILER_HOST, Ports.LOOPBACK),
                Map.entry(MAILER_PORT, Integer.toString(smtpPort(stack)))));
        return Map.copyOf(configuration);
    }

    /** The tracing settings of anything running against the stack (a service or the portal): export to its receiver. */
    public static Map<String, String> tracing(DevStack stack) {
        return Map.of(OTLP_ENDPOINT, stack.otlpUrl(), SPAN_BATCH_DELAY, "200ms");
    }

    private static int smtpPort(DevStack stack) {
        if (stack.endpoints().smtpPort() == 0) {
            throw new IllegalStateException(Component.SMTP + " was not started in this devstack");
        }
        return stack.endpoints().smtpPort();
    }

    static void requireService(String service) {
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("no service " + service + "; there are " + SERVICES);
        }
    }
}

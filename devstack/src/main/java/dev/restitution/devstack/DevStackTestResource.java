package dev.restitution.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.List;
import java.util.Map;

/**
 * Points a service's {@code @QuarkusTest}s at the JVM-wide {@link DevStack#shared()}: real PostgreSQL,
 * Kafka, Keycloak and anvil, started once per test JVM and stopped when it exits, whatever number of
 * test classes or Quarkus restarts there are.
 *
 * <p>Declare it once in a service's test sources, with the service's name as init argument and the
 * GLOBAL scope, so it applies to every test class of the module (Quarkus 3.34:
 * {@code io.quarkus.test.common.WithTestResource}):
 *
 * <pre>{@code
 * @WithTestResource(value = DevStackTestResource.class, scope = TestResourceScope.GLOBAL,
 *         initArgs = @ResourceArg(name = DevStackTestResource.SERVICE, value = "ledger"))
 * @QuarkusTest
 * class IncidentResourceTest { ... }
 * }</pre>
 *
 * Declaring it on several classes (same arguments) is harmless: the stack behind it starts once either way.
 * Keep Dev Services off in the service ({@code quarkus.devservices.enabled=false}): they need Docker.
 *
 * <p>The configuration it returns, for service {@code S} in ledger, claims, payout:
 * {@value #JDBC_URL}, {@value #DATABASE_USERNAME}, {@value #DATABASE_PASSWORD} (database and role {@code S}),
 * {@value #KAFKA_BOOTSTRAP_SERVERS}, {@value #OIDC_AUTH_SERVER_URL} and {@value #OIDC_CLIENT_AUTH_SERVER_URL}
 * (the realm URL), {@value #OIDC_CLIENT_ID} ({@code S-service}), {@value #OIDC_CLIENT_SECRET} and
 * {@value #CHAIN_RPC_URL} (anvil).
 */
public final class DevStackTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init argument naming the service under test: ledger, claims or payout. */
    public static final String SERVICE = "service";

    public static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    public static final String DATABASE_USERNAME = "quarkus.datasource.username";
    public static final String DATABASE_PASSWORD = "quarkus.datasource.password";
    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String OIDC_AUTH_SERVER_URL = "quarkus.oidc.auth-server-url";
    public static final String OIDC_CLIENT_AUTH_SERVER_URL = "quarkus.oidc-client.auth-server-url";
    public static final String OIDC_CLIENT_ID = "quarkus.oidc-client.client-id";
    public static final String OIDC_CLIENT_SECRET = "quarkus.oidc-client.credentials.secret";
    public static final String CHAIN_RPC_URL = "restitution.chain.rpc-url";

    private static final List<String> SERVICES = List.of("ledger", "claims", "payout");

    private String service;

    @Override
    public void init(Map<String, String> initArgs) {
        String requested = initArgs.get(SERVICE);
        if (!SERVICES.contains(requested)) {
            throw new IllegalArgumentException("DevStackTestResource needs init argument " + SERVICE + " set to one of "
                    + SERVICES + ", got " + requested);
        }
        service = requested;
    }

    @Override
    public Map<String, String> start() {
        if (service == null) {
            throw new IllegalStateException("DevStackTestResource needs init argument " + SERVICE + " (ledger, claims or payout)");
        }
        return configurationFor(DevStack.shared(), service);
    }

    /** The configuration a service needs to run against the stack: also used to launch services as processes. */
    public static Map<String, String> configurationFor(DevStack stack, String service) {
        return Map.of(
                JDBC_URL, stack.postgresJdbcUrl(service),
                DATABASE_USERNAME, stack.databaseUser(service),
                DATABASE_PASSWORD, stack.databasePassword(service),
                KAFKA_BOOTSTRAP_SERVERS, stack.kafkaBootstrapServers(),
                OIDC_AUTH_SERVER_URL, stack.realmUrl(),
                OIDC_CLIENT_AUTH_SERVER_URL, stack.realmUrl(),
                OIDC_CLIENT_ID, DemoUsers.serviceClientId(service),
                OIDC_CLIENT_SECRET, DemoUsers.serviceClientSecret(service),
                CHAIN_RPC_URL, stack.anvilRpcUrl());
    }

    /** The shared stack lives until the JVM exits: later test classes and Quarkus restarts reuse it. */
    @Override
    public void stop() {
        // nothing per application: DevStack.shared() stops with the JVM
    }
}

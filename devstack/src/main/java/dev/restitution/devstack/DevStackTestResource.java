package dev.restitution.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a service's {@code @QuarkusTest}s at the JVM-wide {@link DevStack#shared()}: real PostgreSQL,
 * Kafka, Keycloak and anvil, started once per test JVM and stopped when it exits, whatever number of
 * test classes or Quarkus restarts there are.
 *
 * <p>Declare it once in a service's test sources, with the service's name as init argument and the
 * GLOBAL scope, so it applies to every {@code @QuarkusTest} class of the module and they all share one
 * Quarkus application (Quarkus 3.34: {@code io.quarkus.test.common.WithTestResource}):
 *
 * <pre>{@code
 * @WithTestResource(value = DevStackTestResource.class, scope = TestResourceScope.GLOBAL,
 *         initArgs = @ResourceArg(name = DevStackTestResource.SERVICE, value = "ledger"))
 * @QuarkusTest
 * class IncidentResourceTest { ... }
 * }</pre>
 *
 * Declaring it on several classes with the same arguments is harmless: the stack behind it starts once
 * either way. The service needs {@code quarkus-junit} as a test dependency (devstack does not bring it)
 * and Dev Services off ({@code quarkus.devservices.enabled=false}): they need Docker.
 *
 * <p>It returns {@link ServiceConfiguration#of(DevStack, String)}: {@value ServiceConfiguration#JDBC_URL},
 * {@value ServiceConfiguration#DATABASE_USERNAME}, {@value ServiceConfiguration#DATABASE_PASSWORD},
 * {@value ServiceConfiguration#MIGRATION_USERNAME}, {@value ServiceConfiguration#MIGRATION_PASSWORD},
 * {@value ServiceConfiguration#KAFKA_BOOTSTRAP_SERVERS}, {@value ServiceConfiguration#OIDC_AUTH_SERVER_URL},
 * {@value ServiceConfiguration#OIDC_CLIENT_AUTH_SERVER_URL}, {@value ServiceConfiguration#OIDC_CLIENT_ID},
 * {@value ServiceConfiguration#OIDC_CLIENT_SECRET} and {@value ServiceConfiguration#CHAIN_RPC_URL}.
 */
public final class DevStackTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init argument naming the service under test: ledger, claims or payout. */
    public static final String SERVICE = "service";

    private String service;

    @Override
    public void init(Map<String, String> initArgs) {
        String requested = initArgs.get(SERVICE);
        ServiceConfiguration.requireService(requested);
        service = requested;
    }

    @Override
    public Map<String, String> start() {
        if (service == null) {
            throw new IllegalStateException("DevStackTestResource needs init argument " + SERVICE + " (ledger, claims or payout)");
        }
        return ServiceConfiguration.of(DevStack.shared(), service);
    }

    /** The shared stack lives until the JVM exits: later test classes and Quarkus restarts reuse it. */
    @Override
    public void stop() {
        // nothing per application: DevStack.shared() stops with the JVM
    }
}

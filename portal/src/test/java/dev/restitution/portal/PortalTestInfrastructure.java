package dev.restitution.portal;

import dev.restitution.devstack.DevStack;
import dev.restitution.devstack.Platform;
import dev.restitution.devstack.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.nio.file.Path;
import java.util.Map;

/**
 * The portal's tests run the portal in the test JVM against the real platform: devstack's shared
 * PostgreSQL, Kafka, Keycloak and anvil, and the three built services started as processes (as
 * {@code ./restitution run} starts them), once per test JVM. The portal listens on 8080 because the
 * realm's portal client redirects there and nowhere else.
 */
@WithTestResource(value = PortalTestInfrastructure.class, scope = TestResourceScope.GLOBAL)
public final class PortalTestInfrastructure implements QuarkusTestResourceLifecycleManager {

    static final int PORTAL_PORT = 8080;

    private Platform platform;

    @Override
    public Map<String, String> start() {
        Ports.requireFree(PORTAL_PORT, "the portal under test (Keycloak's portal client redirects only to 127.0.0.1:8080)");
        Path root = Path.of(System.getProperty("restitution.repository-root", "..")).toAbsolutePath().normalize();
        DevStack stack = DevStack.shared();
        platform = Platform.start(stack, Platform.Options.onFreePorts(root, Path.of("target", "platform-logs")));
        return Map.of(
                "quarkus.oidc.auth-server-url", stack.realmUrl(),
                "quarkus.rest-client.ledger.url", platform.serviceUrl("ledger"),
                "quarkus.rest-client.claims.url", platform.serviceUrl("claims"),
                "quarkus.rest-client.payout.url", platform.serviceUrl("payout"));
    }

    @Override
    public void stop() {
        if (platform != null) {
            platform.close();
        }
    }
}

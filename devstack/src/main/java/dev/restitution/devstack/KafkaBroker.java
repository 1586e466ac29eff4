package dev.restitution.devstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Kafka 4 in KRaft mode, one combined broker+controller node, in a child JVM whose class path is the
 * devstack build's {@code target/lib}: the broker, Scala and log4j stay off the class path of the JVM
 * using devstack (a service's tests), its logs go to a file, and a fatal broker error cannot halt that JVM.
 */
final class KafkaBroker implements AutoCloseable {

    /** A cold JVM, storage format and broker start take 3-6 s here; 90 s covers a loaded 2-core machine. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    /** Controlled shutdown of one node takes a few seconds; past 30 s it is stuck and gets SIGKILL. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** Each readiness probe is bounded so a half-started broker cannot stall the poll loop. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private static final String LOG4J_CONFIGURATION = String.join("\n",
            "appender.out.type=Console",
            "appender.out.name=out",
            "appender.out.layout.type=PatternLayout",
            "appender.out.layout.pattern=[%d] %p %m (%c)%n",
            "rootLogger.level=INFO",
            "rootLogger.appenderRef.out.ref=out",
            "");

    private final ManagedProcess process;
    private final int port;

    private KafkaBroker(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static KafkaBroker start(int port, Path directory, BuildLocations locations, ProcessRegistry registry) {
        int controllerPort = Ports.free();
        Path configuration = directory.resolve("server.properties");
        Path log4j = directory.resolve("log4j2.properties");
        try {
            Files.createDirectories(directory);
            Files.writeString(configuration, serverProperties(port, controllerPort, directory.resolve("data")));
            Files.writeString(log4j, LOG4J_CONFIGURATION);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Kafka's configuration into " + directory, e);
        }
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4j,
                "-cp", classPath(locations),
                KafkaBrokerMain.class.getName(),
                configuration.toString(),
                Long.toString(ProcessHandle.current().pid()));
        ManagedProcess process = ManagedProcess.start("kafka", command, directory, Map.of(),
                directory.resolve("kafka.log"), STOP_TIMEOUT, registry);
        KafkaBroker broker = new KafkaBroker(process, port);
        try {
            Readiness.await("Kafka", STARTUP_TIMEOUT, process::requireAlive, broker::answers, process.logFile().toString());
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return broker;
    }

    String bootstrapServers() {
        return bootstrapServers(port);
    }

    private static String bootstrapServers(int port) {
        return Ports.LOOPBACK + ":" + port;
    }

    /**
     * Waits for the listener with plain TCP connects first: an admin client pointed at a port nobody
     * listens on yet logs a warning per retry into the caller's log. Then one admin client confirms the
     * broker has registered with its controller.
     */
    private boolean answers() {
        if (!Ports.isListening(port)) {
            return false;
        }
        Map<String, Object> configuration = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(configuration)) {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()))
                    .nodes().get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Replication factors of the internal topics must be 1 on a single node, or consumers never receive
     * anything. One partition for the internal topics keeps the first consumer group fast to create.
     */
    private static String serverProperties(int port, int controllerPort, Path data) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + bootstrapServers(controllerPort),
                "listeners=PLAINTEXT://" + bootstrapServers(port) + ",CONTROLLER://" + bootstrapServers(controllerPort),
                "advertised.listeners=PLAINTEXT://" + bootstrapServers(port),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data,
                "auto.create.topics.enable=true",
                "num.partitions=1",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
    }

    /** target/lib holds the broker's jars; this class's own jar (or classes directory) holds the entry point. */
    private static String classPath(BuildLocations locations) {
        try {
            Path ownCode = Path.of(KafkaBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return locations.requireLibraryDirectory().resolve("*") + File.pathSeparator + ownCode;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate devstack's own classes", e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}

package dev.restitution.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Real infrastructure without Docker, on 127.0.0.1 only: PostgreSQL (databases ledger, claims, payout),
 * Kafka (KRaft, one node), Keycloak (realm restitution), two anvil chains (chain ids 31337 and 31338) and an
 * OTLP receiver keeping the spans the services export ({@link OtlpReceiver}, read with {@link Traces}).
 * Components start in parallel; {@link #close()} stops them all, and so does a JVM shutdown hook. Child processes left by a
 * JVM that was killed before its hooks ran are stopped when the next stack starts on this machine.
 *
 * <p>Tests use {@link #shared()}; {@code ./restitution run} uses {@link #start(DevStackOptions)} with
 * {@link DevStackOptions#onRunPorts(Path)}.
 */
public final class DevStack implements AutoCloseable {

    /** The chain id of the first anvil chain. */
    public static final long ANVIL_CHAIN_ID = AnvilNode.CHAIN_ID;
    /** The chain id of the second anvil chain, so payouts on several chains are tried locally. */
    public static final long SECOND_ANVIL_CHAIN_ID = AnvilNode.SECOND_CHAIN_ID;

    private static final System.Logger LOG = System.getLogger(DevStack.class.getName());

    /**
     * Backstop over the components' own start-up timeouts (Keycloak's is the longest, 10 minutes), in case a
     * start blocks somewhere those timeouts do not reach.
     */
    private static final Duration START_BACKSTOP = Duration.ofMinutes(12);
    /** Backstop over the components' own stop timeouts (SIGTERM, then SIGKILL after at most 30 s). */
    private static final Duration STOP_BACKSTOP = Duration.ofMinutes(1);

    /**
     * Test frameworks may load this class in several class loaders of one JVM (Quarkus does, per
     * application); the shared stack must still start once. A system property holds its endpoints and an
     * interned string literal, the same object in every class loader, guards its start.
     */
    private static final String SHARED_ENDPOINTS_PROPERTY = "dev.restitution.devstack.shared-endpoints";
    private static final String SHARED_LOCK = "dev.restitution.devstack.shared-lock";

    private static DevStack shared;
    /** A failed shared start is not retried by every later test class, each waiting out the timeouts again. */
    private static RuntimeException sharedStartFailure;

    private final Endpoints endpoints;
    private final List<AutoCloseable> running;
    private final Thread shutdownHook;
    private boolean closed;

    private DevStack(Endpoints endpoints, List<AutoCloseable> running, boolean stopOnJvmExit) {
        this.endpoints = endpoints;
        this.running = running;
        this.shutdownHook = stopOnJvmExit ? new Thread(this::close, "devstack-shutdown") : null;
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /** Starts the components the options name and waits until each answers; a JVM shutdown hook stops them. */
    public static DevStack start(DevStackOptions options) {
        return start(options, true);
    }

    /**
     * @param stopOnJvmExit false when the caller stops the stack from its own shutdown hook, after what
     *     runs on top of it ({@link RunLocally} stops the services first): JVM hooks run in no set order
     */
    static DevStack start(DevStackOptions options, boolean stopOnJvmExit) {
        Instant started = Instant.now();
        ProcessRegistry registry = ProcessRegistry.forCurrentUser();
        registry.reapOrphans().forEach(orphan -> LOG.log(Level.WARNING, "stopped {0}, left by a JVM that died", orphan));
        Path data = createDirectories(options.dataDirectory());
        BuildLocations locations = BuildLocations.load();
        int postgresPort = portFor(options, Component.POSTGRES, options.postgresPort(), "PostgreSQL");
        int kafkaPort = portFor(options, Component.KAFKA, options.kafkaPort(), "Kafka");
        int keycloakPort = portFor(options, Component.KEYCLOAK, options.keycloakPort(), "Keycloak");
        int anvilPort = portFor(options, Component.ANVIL, options.anvilPort(), "anvil");
        int secondAnvilPort = portFor(options, Component.ANVIL, options.anvilPort() == 0 ? 0 : options.anvilPort() + 1,
                "the second anvil");
        int otlpPort = portFor(options, Component.OTLP, options.otlpPort(), "the OTLP receiver");
        int smtpPort = portFor(options, Component.SMTP, options.smtpPort(), "the SMTP server");
        int imapPort = portFor(options, Component.SMTP, options.imapPort(), "the IMAP server");
        int mailboxPort = portFor(options, Component.SMTP, options.mailboxPort(), "the mailbox listing");

        List<AutoCloseable> running = new ArrayList<>();
        try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<PostgresServer> postgres = startIf(options, Component.POSTGRES, starter,
                    () -> PostgresServer.start(postgresPort, data.resolve("postgres"), registry));
            CompletableFuture<KafkaBroker> kafka = startIf(options, Component.KAFKA, starter,
                    () -> KafkaBroker.start(kafkaPort, data.resolve("kafka"), locations, registry));
            CompletableFuture<KeycloakServer> keycloak = startIf(options, Component.KEYCLOAK, starter,
                    () -> KeycloakServer.start(keycloakPort, data.resolve("keycloak"), locations, registry));
            CompletableFuture<AnvilNode> anvil = startIf(options, Component.ANVIL, starter,
                    () -> AnvilNode.start(AnvilNode.CHAIN_ID, anvilPort, data.resolve("anvil"), locations, registry));
            CompletableFuture<AnvilNode> secondAnvil = startIf(options, Component.ANVIL, starter,
                    () -> AnvilNode.start(AnvilNode.SECOND_CHAIN_ID, secondAnvilPort,
                            data.resolve("anvil-" + AnvilNode.SECOND_CHAIN_ID), locations, registry));
            CompletableFuture<OtlpReceiver> otlp = startIf(options, Component.OTLP, starter,
                    () -> OtlpReceiver.start(otlpPort, OtlpReceiver.configuredCapacity()));
            CompletableFuture<SmtpServer> smtp = startIf(options, Component.SMTP, starter,
                    () -> SmtpServer.start(smtpPort, imapPort, mailboxPort));
            List<Throwable> failures = new ArrayList<>();
            PostgresServer postgresServer = await(postgres, running, failures);
            KafkaBroker kafkaBroker = await(kafka, running, failures);
            KeycloakServer keycloakServer = await(keycloak, running, failures);
            AnvilNode anvilNode = await(anvil, running, failures);
            AnvilNode secondAnvilNode = await(secondAnvil, running, failures);
            OtlpReceiver otlpReceiver = await(otlp, running, failures);
            SmtpServer smtpServer = await(smtp, running, failures);
            if (!failures.isEmpty()) {
                Stopping.stopAll(running, STOP_BACKSTOP);
                IllegalStateException failure = new IllegalStateException("devstack did not start; logs are in " + data);
                failures.forEach(failure::addSuppressed);
                throw failure;
            }
            Endpoints endpoints = new Endpoints(data,
                    postgresServer == null ? 0 : postgresServer.port(),
                    kafkaBroker == null ? null : kafkaBroker.bootstrapServers(),
                    keycloakServer == null ? null : keycloakServer.url(),
                    anvilNode == null ? null : anvilNode.rpcUrl(),
                    secondAnvilNode == null ? null : secondAnvilNode.rpcUrl(),
                    otlpReceiver == null ? null : otlpReceiver.url(),
                    smtpServer == null ? 0 : smtpServer.smtpPort(),
                    smtpServer == null ? 0 : smtpServer.imapPort(),
                    smtpServer == null ? null : smtpServer.url());
            LOG.log(Level.INFO, "devstack started in {0} ms: {1}", Duration.between(started, Instant.now()).toMillis(), endpoints);
            return new DevStack(endpoints, running, stopOnJvmExit);
        }
    }

    /**
     * The JVM-wide stack for tests: every component on free ports, data under {@code target/devstack}
     * when the working directory is a Maven module (else a directory of its own under java.io.tmpdir),
     * started on first use and stopped when the JVM exits.
     */
    public static DevStack shared() {
        synchronized (SHARED_LOCK) {
            if (shared != null) {
                return shared;
            }
            if (sharedStartFailure != null) {
                throw new IllegalStateException("the shared devstack failed to start earlier in this JVM", sharedStartFailure);
            }
            String published = System.getProperty(SHARED_ENDPOINTS_PROPERTY);
            if (published != null) {
                shared = new DevStack(Endpoints.deserialize(published), List.of(), false);
                return shared;
            }
            Path data = sharedDataDirectory();
            DevStackDirectories.deleteRecursively(data);
            DevStack stack;
            try {
                stack = start(DevStackOptions.onFreePorts(data));
            } catch (RuntimeException e) {
                sharedStartFailure = e;
                throw e;
            }
            System.setProperty(SHARED_ENDPOINTS_PROPERTY, stack.endpoints.serialize());
            shared = stack;
            return stack;
        }
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** e.g. jdbc:postgresql://127.0.0.1:PORT/ledger for database "ledger". */
    public String postgresJdbcUrl(String database) {
        requireDatabase(database);
        if (endpoints.postgresPort() == 0) {
            throw notStarted(Component.POSTGRES);
        }
        return PostgresServer.jdbcUrl(endpoints.postgresPort(), database);
    }

    /**
     * The login role the service connects as, e.g. ledger_app: it owns nothing and has only the privileges
     * its service's migrations grant it.
     */
    public String databaseUser(String database) {
        requireDatabase(database);
        return PostgresServer.serviceRole(database);
    }

    /** Dev-only password of {@link #databaseUser}: the role's name. */
    public String databasePassword(String database) {
        requireDatabase(database);
        return databaseUser(database);
    }

    /** The login role owning the database and its tables, which the service's Flyway migrations run as. */
    public String databaseOwner(String database) {
        requireDatabase(database);
        return database;
    }

    /** Dev-only password of {@link #databaseOwner}: the role's name. */
    public String databaseOwnerPassword(String database) {
        requireDatabase(database);
        return databaseOwner(database);
    }

    public String kafkaBootstrapServers() {
        return require(endpoints.kafkaBootstrapServers(), Component.KAFKA);
    }

    /** Keycloak's base URL, e.g. http://127.0.0.1:PORT. */
    public String keycloakUrl() {
        return require(endpoints.keycloakUrl(), Component.KEYCLOAK);
    }

    /** The restitution realm, the issuer of every token: http://127.0.0.1:PORT/realms/restitution. */
    public String realmUrl() {
        return keycloakUrl() + "/realms/" + KeycloakServer.REALM;
    }

    /** The first anvil chain's JSON-RPC endpoint (chain id {@link #ANVIL_CHAIN_ID}). */
    public String anvilRpcUrl() {
        return require(endpoints.anvilRpcUrl(), Component.ANVIL);
    }

    /** The second anvil chain's JSON-RPC endpoint (chain id {@link #SECOND_ANVIL_CHAIN_ID}). */
    public String secondAnvilRpcUrl() {
        return require(endpoints.secondAnvilRpcUrl(), Component.ANVIL);
    }

    /** The OTLP receiver: services export spans to it (OTLP/HTTP, {@code /v1/traces}); {@link Traces} reads them. */
    public String otlpUrl() {
        return require(endpoints.otlpUrl(), Component.OTLP);
    }

    /** The client of this stack's OTLP receiver. */
    public Traces traces() {
        return new Traces(otlpUrl());
    }

    /** The client of this stack's mail server: what it received, per recipient. */
    public Mailbox mailbox() {
        return new Mailbox(require(endpoints.mailboxUrl(), Component.SMTP));
    }

    /** Stops every component this stack started; a stack found from another class loader stops nothing. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down and runs the hook: nothing to remove
            }
        }
        Stopping.stopAll(running, STOP_BACKSTOP);
    }

    private static <T extends AutoCloseable> CompletableFuture<T> startIf(
            DevStackOptions options, Component component, ExecutorService starter, Supplier<T> start) {
        return options.starts(component) ? CompletableFuture.supplyAsync(start, starter) : CompletableFuture.completedFuture(null);
    }

    private static <T extends AutoCloseable> T await(CompletableFuture<T> start, List<AutoCloseable> running, List<Throwable> failures) {
        try {
            T component = start.get(START_BACKSTOP.toMillis(), TimeUnit.MILLISECONDS);
            if (component != null) {
                running.add(component);
            }
            return component;
        } catch (ExecutionException e) {
            failures.add(e.getCause());
        } catch (TimeoutException e) {
            failures.add(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(e);
        }
        return null;
    }

    private static int portFor(DevStackOptions options, Component component, int requested, String user) {
        if (!options.starts(component)) {
            return 0;
        }
        if (requested != 0) {
            Ports.requireFree(requested, user);
        }
        return Ports.chosen(requested);
    }

    private static Path sharedDataDirectory() {
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            return target.resolve("devstack").toAbsolutePath();
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "restitution-devstack-" + ProcessHandle.current().pid());
    }

    private static Path createDirectories(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    private static void requireDatabase(String database) {
        if (!PostgresServer.DATABASES.contains(database)) {
            throw new IllegalArgumentException("no database " + database + "; there are " + PostgresServer.DATABASES);
        }
    }

    private static String require(String endpoint, Component component) {
        if (endpoint == null) {
            throw notStarted(component);
        }
        return endpoint;
    }

    private static IllegalStateException notStarted(Component component) {
        return new IllegalStateException(component + " was not started in this devstack");
    }
}

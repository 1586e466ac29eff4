package dev.restitution.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Keycloak in dev mode with an in-memory database and the restitution realm imported at start. Each
 * instance gets a home of its own (bin/kc.sh copied, data/ with the realm to import) whose lib, conf,
 * providers and themes link to the shared unpacked distribution.
 */
final class KeycloakServer implements AutoCloseable {

    static final String REALM = "restitution";
    static final String ADMIN_USERNAME = "admin";
    static final String ADMIN_PASSWORD = "admin";

    private static final String REALM_RESOURCE = "/keycloak/restitution-realm.json";
    /**
     * ~15 s warm, ~60 s with the one-time build; on a 2-core machine shared by several builds (load above 20) a
     * warm start was seen to take over 4 minutes, so 10 minutes: a start that slow still ends in passing tests.
     */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(10);
    /** Keycloak shuts down in 1-2 s; past 20 s it is stuck and gets SIGKILL. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /** Bounds each readiness probe; the server answers in milliseconds once up. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final List<String> SHARED_DIRECTORIES = List.of("lib", "conf", "providers", "themes");

    private final ManagedProcess process;
    private final String url;

    private KeycloakServer(ManagedProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    static KeycloakServer start(int port, Path directory, BuildLocations locations, ProcessRegistry registry) {
        KeycloakDistribution distribution = KeycloakDistribution.prepare(locations);
        Path home = createInstanceHome(distribution, directory.resolve("home"));
        String url = "http://" + Ports.LOOPBACK + ":" + port;
        List<String> command = List.of(
                home.resolve("bin/kc.sh").toString(),
                "start-dev",
                // Build options: always these, so the build step stays done once per machine.
                "--db=dev-mem",
                "--http-host=" + Ports.LOOPBACK,
                "--http-port=" + port,
                // The issuer is always http://127.0.0.1:PORT/realms/restitution, whatever host a client uses.
                "--hostname=" + url,
                // The realm detects brute force; without this Keycloak also refuses a user's logins that merely
                // overlap (tests and services sign the same person in from several threads at once).
                "--spi-brute-force-protector--default-brute-force-detector--allow-concurrent-requests=true",
                "--import-realm");
        Map<String, String> environment = Map.of(
                "JAVA_HOME", System.getProperty("java.home"),
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        boolean firstStart = !distribution.isBuilt();
        FileChannel buildLock = firstStart ? distribution.lockForBuild() : null;
        try {
            KeycloakServer server = startAndAwait(command, home, environment, directory, registry, url);
            if (firstStart) {
                distribution.markBuilt();
            }
            return server;
        } finally {
            if (buildLock != null) {
                release(buildLock);
            }
        }
    }

    private static KeycloakServer startAndAwait(
            List<String> command, Path home, Map<String, String> environment, Path directory, ProcessRegistry registry, String url) {
        ManagedProcess process = ManagedProcess.start("keycloak", command, home, environment,
                directory.resolve("keycloak.log"), STOP_TIMEOUT, registry);
        KeycloakServer server = new KeycloakServer(process, url);
        try {
            Readiness.await("Keycloak", STARTUP_TIMEOUT, process::requireAlive, server::servesRealm,
                    process.logFile().toString());
            return server;
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    private static void release(FileChannel buildLock) {
        try {
            buildLock.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the Keycloak build lock", e);
        }
    }

    String url() {
        return url;
    }

    String realmUrl() {
        return url + "/realms/" + REALM;
    }

    private boolean servesRealm() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(realmUrl() + "/.well-known/openid-configuration"))
                .timeout(PROBE_TIMEOUT)
                .GET()
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return false;
            }
            JsonNode configuration = new ObjectMapper().readTree(response.body());
            return realmUrl().equals(configuration.path("issuer").asText());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            client.close();
        }
    }

    private static Path createInstanceHome(KeycloakDistribution distribution, Path home) {
        try {
            Files.createDirectories(home.resolve("bin"));
            // kc.sh derives kc.home.dir from its own resolved location, so it is copied, not linked.
            Path script = home.resolve("bin/kc.sh");
            Files.copy(distribution.home().resolve("bin/kc.sh"), script, StandardCopyOption.REPLACE_EXISTING);
            script.toFile().setExecutable(true);
            for (String shared : SHARED_DIRECTORIES) {
                Path link = home.resolve(shared);
                if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, distribution.home().resolve(shared));
                }
            }
            Path imports = Files.createDirectories(home.resolve("data/import"));
            try (InputStream realm = KeycloakServer.class.getResourceAsStream(REALM_RESOURCE)) {
                if (realm == null) {
                    throw new IllegalStateException(REALM_RESOURCE + " is missing from the devstack jar");
                }
                Files.copy(realm, imports.resolve("restitution-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Keycloak's home in " + home, e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}

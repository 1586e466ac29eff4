package dev.restitution.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the devstack build found what the components run: the Keycloak distribution in the Maven
 * repository, the wallet sign-in provider jar, anvil in {@code devstack/node_modules}, the broker's libraries in {@code devstack/target/lib}.
 * The build writes these machine-specific paths into {@code devstack.properties} inside the jar.
 */
record BuildLocations(String keycloakVersion, Path keycloakDistribution, Path keycloakProvider, Path nodeModules, Path libraryDirectory) {

    private static final String RESOURCE = "/devstack.properties";

    static BuildLocations load() {
        Properties properties = new Properties();
        try (InputStream in = BuildLocations.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the devstack jar: build it with ./mvnw install");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new BuildLocations(
                required(properties, "keycloak.version"),
                Path.of(required(properties, "keycloak.distribution")),
                Path.of(required(properties, "keycloak.provider")),
                Path.of(required(properties, "node.modules")),
                Path.of(required(properties, "library.directory")));
    }

    Path requireKeycloakDistribution() {
        return requireExists(keycloakDistribution, "the Keycloak distribution");
    }

    /** The wallet sign-in provider's jar (a directory when the reactor stopped before packaging it). */
    Path requireKeycloakProvider() {
        Path jar = requireExists(keycloakProvider, "the wallet sign-in provider (keycloak-siwe)");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the wallet sign-in provider at " + jar + " is not a jar: build with package or later");
        }
        return jar;
    }

    Path requireNodeModules() {
        return requireExists(nodeModules, "devstack's node_modules (npm ci in devstack/)");
    }

    Path requireLibraryDirectory() {
        return requireExists(libraryDirectory, "devstack's runtime libraries (target/lib)");
    }

    private static Path requireExists(Path path, String what) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(what + " is missing at " + path + ": run ./mvnw install (it builds devstack)");
        }
        return path;
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException(RESOURCE + " has no value for " + key + ": the devstack build did not filter it");
        }
        return value;
    }
}

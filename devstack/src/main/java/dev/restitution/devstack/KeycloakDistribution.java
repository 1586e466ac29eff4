package dev.restitution.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Keycloak distribution unpacked once per machine into the user's cache, with the wallet sign-in provider
 * (keycloak-siwe) in its providers/. Keycloak's one-time build step writes into this copy too (lib/quarkus), so it
 * is paid once per machine, not once per start. The copy is named after the Keycloak version and the provider jar's
 * digest: a changed provider gets a copy (and a build) of its own, and builds of other branches with another
 * provider never rebuild a copy in use.
 */
final class KeycloakDistribution {

    /** Keycloak's first build takes about 40 s here; five minutes of waiting for another JVM's lock means it is stuck. */
    private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration LOCK_POLL_INTERVAL = Duration.ofMillis(200);
    private static final String BUILT_MARKER = ".devstack-built";
    private static final String PROVIDER_FILE = "restitution-keycloak-siwe.jar";
    /** 48 bits of SHA-256: tells the provider builds of one machine apart. */
    private static final int DIGEST_HEX_CHARACTERS = 12;

    private final Path home;

    private KeycloakDistribution(Path home) {
        this.home = home;
    }

    /** Unpacks the zip unless an earlier run did; unpacks to a temporary directory, then renames, so a half copy is never used. */
    static KeycloakDistribution prepare(BuildLocations locations) {
        Path cache = DevStackDirectories.cache();
        Path provider = locations.requireKeycloakProvider();
        String name = "keycloak-" + locations.keycloakVersion() + "-" + shortDigest(provider);
        Path home = cache.resolve(name);
        if (Files.isDirectory(home)) {
            return new KeycloakDistribution(home);
        }
        Path temporary = cache.resolve(name + ".unpacking-" + UUID.randomUUID());
        try {
            Files.createDirectories(cache);
            unzipWithoutTopDirectory(locations.requireKeycloakDistribution(), temporary);
            Files.copy(provider, temporary.resolve("providers").resolve(PROVIDER_FILE));
            Files.move(temporary, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            DevStackDirectories.deleteRecursively(temporary);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IllegalStateException("cannot rename " + temporary + " atomically into " + home, e);
        } catch (IOException e) {
            DevStackDirectories.deleteRecursively(temporary);
            throw new UncheckedIOException("cannot unpack Keycloak into " + home, e);
        }
        return new KeycloakDistribution(home);
    }

    private static String shortDigest(Path file) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return HexFormat.of().formatHex(digest).substring(0, DIGEST_HEX_CHARACTERS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    Path home() {
        return home;
    }

    boolean isBuilt() {
        return Files.exists(home.resolve(BUILT_MARKER));
    }

    void markBuilt() {
        try {
            Files.writeString(home.resolve(BUILT_MARKER), Instant.now().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark " + home + " as built", e);
        }
    }

    /**
     * Locked while a Keycloak starts on a distribution not yet built, so two JVMs never run the build step
     * into the same directory at once. Closing the returned channel releases the lock.
     */
    FileChannel lockForBuild() {
        Instant deadline = Instant.now().plus(LOCK_TIMEOUT);
        try {
            FileChannel channel = FileChannel.open(home.resolveSibling(home.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return channel;
                }
                if (Instant.now().isAfter(deadline)) {
                    channel.close();
                    throw new IllegalStateException("another JVM has been building Keycloak in " + home + " for "
                            + LOCK_TIMEOUT.toMinutes() + " min");
                }
                Thread.sleep(LOCK_POLL_INTERVAL);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + home, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Keycloak build lock", e);
        }
    }

    private static void unzipWithoutTopDirectory(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = archive.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                int slash = name.indexOf('/');
                if (slash < 0 || slash == name.length() - 1) {
                    continue;
                }
                Path destination = target.resolve(name.substring(slash + 1)).normalize();
                if (!destination.startsWith(target)) {
                    throw new IOException("zip entry escapes the target directory: " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                    continue;
                }
                Files.createDirectories(destination.getParent());
                try (InputStream in = archive.getInputStream(entry)) {
                    Files.copy(in, destination);
                }
                if (name.endsWith(".sh")) {
                    destination.toFile().setExecutable(true);
                }
            }
        }
    }
}

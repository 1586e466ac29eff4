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
import java.time.Duration;
import java.time.Instant;
import java.util.Enumeration;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Keycloak distribution unpacked once per machine into the user's cache. Keycloak's one-time build
 * step writes into this copy too (lib/quarkus), so it is paid once per machine, not once per start.
 */
final class KeycloakDistribution {

    /** Keycloak's first build takes about 40 s here; five minutes of waiting for another JVM's lock means it is stuck. */
    private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration LOCK_POLL_INTERVAL = Duration.ofMillis(200);
    private static final String BUILT_MARKER = ".devstack-built";

    private final Path home;

    private KeycloakDistribution(Path home) {
        this.home = home;
    }

    /** Unpacks the zip unless an earlier run did; unpacks to a temporary directory, then renames, so a half copy is never used. */
    static KeycloakDistribution prepare(BuildLocations locations) {
        Path cache = DevStackDirectories.cache();
        Path home = cache.resolve("keycloak-" + locations.keycloakVersion());
        if (Files.isDirectory(home)) {
            return new KeycloakDistribution(home);
        }
        Path temporary = cache.resolve("keycloak-" + locations.keycloakVersion() + ".unpacking-" + UUID.randomUUID());
        try {
            Files.createDirectories(cache);
            unzipWithoutTopDirectory(locations.requireKeycloakDistribution(), temporary);
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

package dev.restitution.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Remembers, in a per-user directory, every child process a devstack JVM starts, so that children of a
 * JVM that died without running its shutdown hooks (SIGKILL, a crashed fork) are stopped by the next
 * devstack that starts on this machine. A process is identified by its pid and start instant, so a
 * reused pid is never mistaken for a child.
 */
final class ProcessRegistry {

    /** How long an orphan gets to exit after SIGTERM before it is killed: orphans hold no data worth saving. */
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path directory;

    ProcessRegistry(Path directory) {
        this.directory = directory;
    }

    static ProcessRegistry forCurrentUser() {
        return new ProcessRegistry(DevStackDirectories.cache().resolve("processes"));
    }

    void register(String name, ProcessHandle child) {
        register(name, child, ProcessHandle.current());
    }

    /** Records child as owned by owner: the current JVM in production, a chosen process in tests. */
    void register(String name, ProcessHandle child, ProcessHandle owner) {
        Properties entry = new Properties();
        entry.setProperty("name", name);
        entry.setProperty("owner.pid", Long.toString(owner.pid()));
        entry.setProperty("owner.start", startOf(owner).map(Instant::toString).orElse(""));
        entry.setProperty("child.pid", Long.toString(child.pid()));
        entry.setProperty("child.start", startOf(child).map(Instant::toString).orElse(""));
        try {
            Files.createDirectories(directory);
            try (Writer out = Files.newBufferedWriter(entryFile(child))) {
                entry.store(out, "a child process of a devstack JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record child process " + child.pid() + " in " + directory, e);
        }
    }

    void unregister(ProcessHandle child) {
        try {
            Files.deleteIfExists(entryFile(child));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot forget child process " + child.pid(), e);
        }
    }

    /** Stops the recorded children whose owner JVM is gone; returns a line per process stopped. */
    List<String> reapOrphans() {
        List<String> reaped = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return reaped;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.properties")) {
            for (Path file : entries) {
                reapIfOrphan(file).ifPresent(reaped::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        return reaped;
    }

    private Optional<String> reapIfOrphan(Path file) throws IOException {
        Properties entry = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            entry.load(in);
        } catch (IOException | IllegalArgumentException e) {
            Files.deleteIfExists(file);
            return Optional.empty();
        }
        if (isAlive(entry, "owner")) {
            return Optional.empty();
        }
        Optional<ProcessHandle> child = handleOf(entry, "child");
        child.ifPresent(process -> ChildProcesses.stop(process, ORPHAN_STOP_TIMEOUT));
        Files.deleteIfExists(file);
        return child.map(process -> entry.getProperty("name") + " (pid " + process.pid() + ")");
    }

    private static boolean isAlive(Properties entry, String role) {
        return handleOf(entry, role).isPresent();
    }

    /** The live process recorded under role, only if it started at the recorded instant. */
    private static Optional<ProcessHandle> handleOf(Properties entry, String role) {
        long pid;
        try {
            pid = Long.parseLong(entry.getProperty(role + ".pid", ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String recordedStart = entry.getProperty(role + ".start", "");
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> startOf(process).map(Instant::toString).orElse("").equals(recordedStart));
    }

    private static Optional<Instant> startOf(ProcessHandle process) {
        return process.info().startInstant();
    }

    private Path entryFile(ProcessHandle child) {
        return directory.resolve(child.pid() + ".properties");
    }
}

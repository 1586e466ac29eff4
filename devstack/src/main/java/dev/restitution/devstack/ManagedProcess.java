package dev.restitution.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A child process whose output goes to a log file, recorded in the {@link ProcessRegistry} while it runs
 * so it never outlives the devstack JVM for long, and stopped with SIGTERM then SIGKILL.
 */
final class ManagedProcess implements AutoCloseable {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Duration stopTimeout;
    private final ProcessRegistry registry;

    private ManagedProcess(String name, Process process, Path logFile, Duration stopTimeout, ProcessRegistry registry) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.stopTimeout = stopTimeout;
        this.registry = registry;
    }

    /**
     * @param stopTimeout how long the process gets to shut down cleanly after SIGTERM before SIGKILL
     */
    static ManagedProcess start(
            String name,
            List<String> command,
            Path workingDirectory,
            Map<String, String> environment,
            Path logFile,
            Duration stopTimeout,
            ProcessRegistry registry) {
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(inOwnSession(command))
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(environment);
            Process process = builder.start();
            registry.register(name, process.toHandle());
            return new ManagedProcess(name, process, logFile, stopTimeout, registry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + String.join(" ", command) + ")", e);
        }
    }

    /**
     * Runs the command in a session of its own where setsid(1) exists (Linux), so Ctrl-C in a terminal
     * reaches only the devstack JVM, which then stops its children in order (services before the
     * infrastructure they use). setsid execs in place: the pid stays the command's.
     */
    private static List<String> inOwnSession(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(command.size() + 1);
        wrapped.add(SETSID.toString());
        wrapped.addAll(command);
        return wrapped;
    }

    long pid() {
        return process.pid();
    }

    Path logFile() {
        return logFile;
    }

    /** Fails with the log's location when the process has died, so a readiness wait stops early. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + logFile);
        }
    }

    /** SIGKILL at once, as a crash would end it: no shutdown hook runs. Returns when it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.onExit().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot tell whether " + name + " died", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
        registry.unregister(process.toHandle());
    }

    @Override
    public void close() {
        ChildProcesses.stop(process.toHandle(), stopTimeout);
        registry.unregister(process.toHandle());
    }
}

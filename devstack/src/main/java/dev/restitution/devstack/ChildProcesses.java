package dev.restitution.devstack;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stopping a process tree: SIGTERM first so it can shut down cleanly, SIGKILL after a bounded wait. */
final class ChildProcesses {

    /** After SIGKILL the kernel reaps at once; this only bounds the wait for the exit to be observed. */
    private static final Duration KILL_OBSERVATION_TIMEOUT = Duration.ofSeconds(5);

    private ChildProcesses() {
    }

    /**
     * Stops the process and every descendant. Descendants matter: kc.sh runs Keycloak's JVM as its child,
     * and a SIGTERM to the script alone would leave that JVM running if the script died first.
     */
    static void stop(ProcessHandle process, Duration gracefulTimeout) {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        awaitExit(process, gracefulTimeout);
        tree.forEach(descendant -> awaitExit(descendant, gracefulTimeout));
        if (process.isAlive() || tree.stream().anyMatch(ProcessHandle::isAlive)) {
            process.destroyForcibly();
            tree.forEach(ProcessHandle::destroyForcibly);
            awaitExit(process, KILL_OBSERVATION_TIMEOUT);
            tree.forEach(descendant -> awaitExit(descendant, KILL_OBSERVATION_TIMEOUT));
        }
    }

    private static void awaitExit(ProcessHandle process, Duration timeout) {
        CompletableFuture<ProcessHandle> exit = process.onExit();
        try {
            exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // still alive: the caller escalates to SIGKILL
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot observe the exit of process " + process.pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

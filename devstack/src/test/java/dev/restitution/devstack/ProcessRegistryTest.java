package dev.restitution.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessRegistryTest {

    @TempDir
    Path directory;

    /** A child whose JVM died by SIGKILL (no shutdown hook ran) is stopped when the next stack starts. */
    @Test
    void aChildOfADeadOwnerIsStoppedAtTheNextStart() throws Exception {
        ProcessRegistry registry = new ProcessRegistry(directory);
        Process deadOwner = new ProcessBuilder("true").start();
        assertTrue(deadOwner.waitFor(10, TimeUnit.SECONDS));
        Process orphan = new ProcessBuilder("sleep", "300").start();
        try {
            registry.register("orphan", orphan.toHandle(), deadOwner.toHandle());
            List<String> reaped = registry.reapOrphans();
            assertEquals(List.of("orphan (pid " + orphan.pid() + ")"), reaped);
            assertTrue(orphan.waitFor(10, TimeUnit.SECONDS));
        } finally {
            orphan.destroyForcibly();
        }
    }

    /** Children of a live JVM (another test run, ./restitution run) are never touched. */
    @Test
    void aChildOfALiveOwnerIsLeftRunning() throws IOException {
        ProcessRegistry registry = new ProcessRegistry(directory);
        Process child = new ProcessBuilder("sleep", "300").start();
        try {
            registry.register("child", child.toHandle());
            assertEquals(List.of(), registry.reapOrphans());
            assertTrue(child.isAlive());
            registry.unregister(child.toHandle());
        } finally {
            child.destroyForcibly();
        }
        assertFalse(registry.reapOrphans().iterator().hasNext());
    }
}

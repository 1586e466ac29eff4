package dev.restitution.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceProcessTest {

    @TempDir
    Path directory;

    /** The launcher runs a real jar, waits for its readiness endpoint, and stops the process on close. */
    @Test
    void aLaunchedServiceBecomesReadyAndStopsOnClose() throws IOException {
        Path jar = RunnableJars.compile(directory, "FakeService", RunnableJars.FAKE_SERVICE);
        ServiceProcess service = ServiceProcess.start(new ServiceProcess.Launch("fake", jar, 0, 0, Map.of("greeting", "hello"),
                directory.resolve("fake.log"), Duration.ofSeconds(60)));
        ProcessHandle handle = ProcessHandle.of(service.pid()).orElseThrow();
        try {
            assertTrue(service.isReady());
            assertTrue(service.baseUrl().startsWith("http://127.0.0.1:"));
            assertTrue(service.managementUrl().startsWith("http://127.0.0.1:"));
            assertNotEquals(service.port(), service.managementPort(), "health and metrics are not on the API port");
        } finally {
            service.close();
        }
        assertFalse(handle.isAlive());
        assertTrue(Files.readString(service.logFile()).contains("fake service listening on " + service.port()));
    }

    /** The run command's JVM options reach the service's JVM itself, ahead of the jar. */
    @Test
    void jvmOptionsReachTheServicesJvm() throws IOException {
        Path jar = RunnableJars.compile(directory, "FakeService", RunnableJars.FAKE_SERVICE);
        ServiceProcess service = ServiceProcess.start(new ServiceProcess.Launch("fake", jar, 0, 0, Map.of(),
                Platform.LOCAL_RUN_JVM_OPTIONS, directory.resolve("fake.log"), Duration.ofSeconds(60)));
        try {
            List<String> arguments = List.of(ProcessHandle.of(service.pid()).orElseThrow().info().arguments().orElseThrow());
            assertEquals(Platform.LOCAL_RUN_JVM_OPTIONS, arguments.subList(0, Platform.LOCAL_RUN_JVM_OPTIONS.size()));
            assertTrue(arguments.indexOf("-jar") > Platform.LOCAL_RUN_JVM_OPTIONS.size() - 1);
        } finally {
            service.close();
        }
    }

    /** A setting is not a JVM option: the launch refuses it before starting anything. */
    @Test
    void aLaunchRefusesWhatIsNotAJvmOption() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new ServiceProcess.Launch("fake",
                directory.resolve("fake.jar"), 0, 0, Map.of(), List.of("greeting=hello"), directory.resolve("fake.log"),
                Duration.ofSeconds(60)));
        assertTrue(refused.getMessage().contains("greeting=hello"), refused.getMessage());
    }

    /** A crash test kills a service outright and starts it again on its port with the same settings. */
    @Test
    void aKilledServiceIsGoneAtOnceAndStartsAgainOnItsPort() throws IOException {
        Path jar = RunnableJars.compile(directory, "FakeService", RunnableJars.FAKE_SERVICE);
        ServiceProcess first = ServiceProcess.start(new ServiceProcess.Launch("fake", jar, 0, 0, Map.of(),
                directory.resolve("fake.log"), Duration.ofSeconds(60)));
        ProcessHandle handle = ProcessHandle.of(first.pid()).orElseThrow();
        first.kill();
        assertFalse(handle.isAlive());
        assertFalse(first.isReady());
        ServiceProcess again = ServiceProcess.start(new ServiceProcess.Launch("fake", jar, first.port(), first.managementPort(), Map.of(),
                directory.resolve("fake.log"), Duration.ofSeconds(60)));
        try {
            assertTrue(again.isReady());
        } finally {
            again.close();
        }
    }

    /** A service that dies during start-up is reported at once with its log, not after the whole timeout. */
    @Test
    void aServiceThatDiesIsReportedWithItsLog() throws IOException {
        Path jar = RunnableJars.compile(directory, "DyingService", RunnableJars.DYING_SERVICE);
        ServiceProcess.Launch launch = new ServiceProcess.Launch("dying", jar, 0, 0, Map.of(),
                directory.resolve("dying.log"), Duration.ofSeconds(60));
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> ServiceProcess.start(launch));
        assertTrue(failure.getMessage().contains("exited with code 3"), failure.getMessage());
        assertTrue(failure.getMessage().contains("dying.log"), failure.getMessage());
    }

    /** ./restitution run before ./mvnw install gets told what to do. */
    @Test
    void aMissingJarSaysToBuildFirst() {
        ServiceProcess.Launch launch = new ServiceProcess.Launch("ledger-service", directory.resolve("missing.jar"), 0, 0, Map.of(),
                directory.resolve("ledger.log"), Duration.ofSeconds(5));
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> ServiceProcess.start(launch));
        assertTrue(failure.getMessage().contains("./mvnw install"), failure.getMessage());
    }

    /** A fixed port already taken fails fast with a clear message. */
    @Test
    void aTakenFixedPortIsRefusedUpFront() throws IOException {
        Path jar = RunnableJars.compile(directory, "FakeService", RunnableJars.FAKE_SERVICE);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Ports.LOOPBACK))) {
            ServiceProcess.Launch launch = new ServiceProcess.Launch("fake", jar, taken.getLocalPort(), 0, Map.of(),
                    directory.resolve("taken.log"), Duration.ofSeconds(5));
            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> ServiceProcess.start(launch));
            assertTrue(failure.getMessage().contains("already in use"), failure.getMessage());
        }
    }
}

package dev.restitution.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceProcessTest {

    /** Stands in for a Quarkus service: a real JVM serving /q/health/ready on -Dquarkus.http.port and echoing a property. */
    private static final String FAKE_SERVICE = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;
            import java.nio.charset.StandardCharsets;

            public class FakeService {
                public static void main(String[] arguments) throws Exception {
                    String host = System.getProperty("quarkus.http.host");
                    int port = Integer.parseInt(System.getProperty("quarkus.http.port"));
                    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
                    server.createContext("/q/health/ready", exchange -> {
                        byte[] body = System.getProperty("greeting", "").getBytes(StandardCharsets.UTF_8);
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    });
                    server.start();
                    System.out.println("fake service listening on " + port);
                }
            }
            """;

    /** A process that never becomes ready: exits at once. */
    private static final String DYING_SERVICE = """
            public class DyingService {
                public static void main(String[] arguments) {
                    System.out.println("giving up");
                    System.exit(3);
                }
            }
            """;

    @TempDir
    Path directory;

    /** The launcher runs a real jar, waits for its readiness endpoint, passes configuration and stops it. */
    @Test
    void aLaunchedServiceBecomesReadyAndStopsOnClose() throws IOException {
        Path jar = runnableJar("FakeService", FAKE_SERVICE);
        ServiceProcess.Launch launch = new ServiceProcess.Launch("fake", jar, 0, Map.of("greeting", "hello"),
                directory.resolve("fake.log"), Duration.ofSeconds(60));
        ServiceProcess service = ServiceProcess.start(launch);
        ProcessHandle handle = ProcessHandle.of(service.pid()).orElseThrow();
        try {
            assertTrue(service.isReady());
            assertTrue(service.baseUrl().startsWith("http://127.0.0.1:"));
        } finally {
            service.close();
        }
        assertFalse(handle.isAlive());
        assertTrue(Files.readString(service.logFile()).contains("fake service listening on " + service.port()));
    }

    /** A service that dies during start-up is reported at once with its log, not after the whole timeout. */
    @Test
    void aServiceThatDiesIsReportedWithItsLog() throws IOException {
        Path jar = runnableJar("DyingService", DYING_SERVICE);
        ServiceProcess.Launch launch = new ServiceProcess.Launch("dying", jar, 0, Map.of(),
                directory.resolve("dying.log"), Duration.ofSeconds(60));
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> ServiceProcess.start(launch));
        assertTrue(failure.getMessage().contains("dying.log"), failure.getMessage());
    }

    /** ./restitution run before ./mvnw install gets told what to do. */
    @Test
    void aMissingJarSaysToBuildFirst() {
        ServiceProcess.Launch launch = new ServiceProcess.Launch("ledger-service", directory.resolve("missing.jar"), 0, Map.of(),
                directory.resolve("ledger.log"), Duration.ofSeconds(5));
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> ServiceProcess.start(launch));
        assertTrue(failure.getMessage().contains("./mvnw install"), failure.getMessage());
    }

    /** A fixed port already taken fails fast with a clear message. */
    @Test
    void aTakenFixedPortIsRefusedUpFront() throws IOException {
        Path jar = runnableJar("FakeService", FAKE_SERVICE);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(Ports.LOOPBACK))) {
            ServiceProcess.Launch launch = new ServiceProcess.Launch("fake", jar, taken.getLocalPort(), Map.of(),
                    directory.resolve("taken.log"), Duration.ofSeconds(5));
            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> ServiceProcess.start(launch));
            assertTrue(failure.getMessage().contains("already in use"), failure.getMessage());
        }
    }

    private Path runnableJar(String className, String source) throws IOException {
        Path sources = Files.createDirectories(directory.resolve("src-" + className));
        Path classes = Files.createDirectories(directory.resolve("classes-" + className));
        Path file = Files.writeString(sources.resolve(className + ".java"), source);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(null, null, null, "-d", classes.toString(), file.toString());
        assertEquals(0, status, "compiling " + className);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, className);
        Path jar = directory.resolve(className + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry(className + ".class"));
            jarOut.write(Files.readAllBytes(classes.resolve(className + ".class")));
            jarOut.closeEntry();
        }
        return jar;
    }
}

package dev.restitution.devstack;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Small real programs, compiled and packaged as runnable jars during a test, to launch as child processes. */
final class RunnableJars {

    /**
     * Stands in for a Quarkus service until the real ones are built: listens on
     * -Dquarkus.http.host/-Dquarkus.http.port (the API: nothing there) and serves /q/health/ready on
     * -Dquarkus.management.host/-Dquarkus.management.port, answering with the system property named by the query.
     */
    static final String FAKE_SERVICE = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;
            import java.nio.charset.StandardCharsets;

            public class FakeService {
                public static void main(String[] arguments) throws Exception {
                    String host = System.getProperty("quarkus.http.host");
                    int port = Integer.parseInt(System.getProperty("quarkus.http.port"));
                    HttpServer api = HttpServer.create(new InetSocketAddress(host, port), 0);
                    api.start();
                    HttpServer server = HttpServer.create(new InetSocketAddress(System.getProperty("quarkus.management.host"),
                            Integer.parseInt(System.getProperty("quarkus.management.port"))), 0);
                    server.createContext("/q/health/ready", exchange -> {
                        String query = exchange.getRequestURI().getQuery();
                        String value = query == null ? "UP" : System.getProperty(query, "");
                        byte[] body = value.getBytes(StandardCharsets.UTF_8);
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    });
                    server.start();
                    System.out.println("fake service listening on " + port);
                }
            }
            """;

    /** Never becomes ready: exits at once with status 3. */
    static final String DYING_SERVICE = """
            public class DyingService {
                public static void main(String[] arguments) {
                    System.out.println("giving up");
                    System.exit(3);
                }
            }
            """;

    private RunnableJars() {
    }

    /** Compiles the single-class source and packages it as {@code <directory>/<className>.jar} with a Main-Class. */
    static Path compile(Path directory, String className, String source) throws IOException {
        Path sources = Files.createDirectories(directory.resolve("src-" + className));
        Path classes = Files.createDirectories(directory.resolve("classes-" + className));
        Path file = Files.writeString(sources.resolve(className + ".java"), source);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(null, null, null, "-d", classes.toString(), file.toString());
        if (status != 0) {
            throw new IllegalStateException("compiling " + className + " failed with " + status);
        }
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

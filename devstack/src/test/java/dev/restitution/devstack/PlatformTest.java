package dev.restitution.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformTest {

    @TempDir
    Path repository;

    /** The platform starts every service jar against the stack, each with its own database, client and the shared realm. */
    @Test
    void eachServiceRunsWithItsOwnConfigurationOnTheSharedStack() throws Exception {
        Path jar = RunnableJars.compile(repository.resolve("build"), "FakeService", RunnableJars.FAKE_SERVICE);
        for (String service : Platform.SERVICES) {
            Path target = Platform.serviceJar(repository, service);
            Files.createDirectories(target.getParent());
            Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
        }
        DevStack stack = DevStack.shared();
        try (Platform platform = Platform.start(stack, Platform.Options.onFreePorts(repository, repository.resolve("logs")))) {
            for (String service : Platform.SERVICES) {
                String url = platform.managementUrl(service);
                assertEquals(stack.postgresJdbcUrl(service), readiness(url, "quarkus.datasource.jdbc.url"));
                assertEquals(service + "-service", readiness(url, "quarkus.oidc-client.client-id"));
                assertEquals(stack.realmUrl(), readiness(url, "quarkus.oidc.auth-server-url"));
            }
        }
        assertTrue(Files.readString(repository.resolve("logs/ledger-service.log")).contains("fake service listening"));
    }

    /** Running before building names the missing jar and the command that builds it, before anything starts. */
    @Test
    void aMissingServiceJarSaysToBuildFirst() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> Platform.start(DevStack.shared(), Platform.Options.onFreePorts(repository, repository.resolve("logs"))));
        assertTrue(failure.getMessage().contains("ledger-service"), failure.getMessage());
        assertTrue(failure.getMessage().contains("./mvnw install"), failure.getMessage());
    }

    private static String readiness(String baseUrl, String property) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready?" + property))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}

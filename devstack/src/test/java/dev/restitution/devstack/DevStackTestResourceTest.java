package dev.restitution.devstack;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DevStackTestResourceTest {

    /** A service's tests get its own database, roles (one to connect, its owner to migrate) and client, and the shared Kafka, realm, chain, OTLP receiver and mail server. */
    @Test
    void claimsServiceGetsItsOwnDatabaseAndClientOnTheSharedStack() {
        DevStackTestResource resource = new DevStackTestResource();
        resource.init(Map.of(DevStackTestResource.SERVICE, "claims"));
        Map<String, String> configuration = resource.start();
        DevStack stack = DevStack.shared();
        assertEquals(Map.ofEntries(
                Map.entry("quarkus.datasource.jdbc.url", stack.postgresJdbcUrl("claims")),
                Map.entry("quarkus.datasource.username", "claims_app"),
                Map.entry("quarkus.datasource.password", "claims_app"),
                Map.entry("quarkus.flyway.username", "claims"),
                Map.entry("quarkus.flyway.password", "claims"),
                Map.entry("kafka.bootstrap.servers", stack.kafkaBootstrapServers()),
                Map.entry("quarkus.oidc.auth-server-url", stack.realmUrl()),
                Map.entry("quarkus.oidc-client.auth-server-url", stack.realmUrl()),
                Map.entry("quarkus.oidc-client.client-id", "claims-service"),
                Map.entry("quarkus.oidc-client.credentials.secret", "claims-service-dev-secret"),
                Map.entry("restitution.chains.\"31337\".rpc-url", stack.anvilRpcUrl()),
                Map.entry("quarkus.otel.exporter.otlp.endpoint", stack.otlpUrl()),
                Map.entry("quarkus.otel.bsp.schedule.delay", "200ms"),
                Map.entry("quarkus.mailer.host", "127.0.0.1"),
                Map.entry("quarkus.mailer.port", Integer.toString(stack.endpoints().smtpPort()))), configuration);
        resource.stop();
    }

    /** A typo in the service name fails at once, not as a confusing connection error later. */
    @Test
    void anUnknownServiceIsRefused() {
        DevStackTestResource resource = new DevStackTestResource();
        assertThrows(IllegalArgumentException.class, () -> resource.init(Map.of(DevStackTestResource.SERVICE, "ledgre")));
    }

    /** The client secret it hands out is the one Keycloak accepts. */
    @Test
    void theSecretItReturnsGetsAToken() {
        DevStackTestResource resource = new DevStackTestResource();
        resource.init(Map.of(DevStackTestResource.SERVICE, "payout"));
        Map<String, String> configuration = resource.start();
        String token = Tokens.forClient(configuration.get("quarkus.oidc-client.auth-server-url"),
                configuration.get("quarkus.oidc-client.client-id"), configuration.get("quarkus.oidc-client.credentials.secret"));
        assertEquals("payout-service", Tokens.claims(token).path("azp").asText());
    }
}

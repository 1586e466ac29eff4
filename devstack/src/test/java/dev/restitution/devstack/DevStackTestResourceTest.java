package dev.restitution.devstack;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DevStackTestResourceTest {

    /** A service's tests get its own database, role and client, and the shared Kafka, realm and chain. */
    @Test
    void claimsServiceGetsItsOwnDatabaseAndClientOnTheSharedStack() {
        DevStackTestResource resource = new DevStackTestResource();
        resource.init(Map.of(DevStackTestResource.SERVICE, "claims"));
        Map<String, String> configuration = resource.start();
        DevStack stack = DevStack.shared();
        assertEquals(Map.of(
                "quarkus.datasource.jdbc.url", stack.postgresJdbcUrl("claims"),
                "quarkus.datasource.username", "claims",
                "quarkus.datasource.password", "claims",
                "kafka.bootstrap.servers", stack.kafkaBootstrapServers(),
                "quarkus.oidc.auth-server-url", stack.realmUrl(),
                "quarkus.oidc-client.auth-server-url", stack.realmUrl(),
                "quarkus.oidc-client.client-id", "claims-service",
                "quarkus.oidc-client.credentials.secret", "claims-service-dev-secret",
                "restitution.chain.rpc-url", stack.anvilRpcUrl()), configuration);
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

package dev.restitution.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevStackTest {

    @TempDir
    Path data;

    /** A tool that needs only the chain starts only the chain; close() stops it and frees its port. */
    @Test
    void aStackStartsOnlyTheComponentsAskedForAndStopsThemOnClose() {
        DevStack stack = DevStack.start(DevStackOptions.onFreePorts(data).withComponents(Component.ANVIL));
        int anvilPort;
        try {
            anvilPort = URI.create(stack.anvilRpcUrl()).getPort();
            assertEquals(AnvilNode.CHAIN_ID, AnvilNode.chainId(stack.anvilRpcUrl()));
            assertEquals(data, stack.endpoints().dataDirectory());
            assertTrue(Files.exists(data.resolve("anvil/anvil.log")));
            IllegalStateException notStarted = assertThrows(IllegalStateException.class, () -> stack.postgresJdbcUrl("ledger"));
            assertTrue(notStarted.getMessage().contains("POSTGRES"), notStarted.getMessage());
            assertThrows(IllegalStateException.class, stack::kafkaBootstrapServers);
            assertThrows(IllegalStateException.class, stack::realmUrl);
        } finally {
            stack.close();
        }
        assertFalse(Ports.isListening(anvilPort));
    }

    /** Only the three services have databases: a typo fails loudly instead of connecting nowhere. */
    @Test
    void anUnknownDatabaseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DevStack.shared().postgresJdbcUrl("ledgers"));
    }

    /** The shared stack is started once per JVM, whoever asks first. */
    @Test
    void theSharedStackIsOneStack() {
        assertTrue(DevStack.shared() == DevStack.shared());
    }
}

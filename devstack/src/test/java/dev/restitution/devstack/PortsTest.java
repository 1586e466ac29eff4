package dev.restitution.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void freePortsLieBelowTheEphemeralRangeAndAreNeverHandedOutTwice() throws IOException {
        // Why: a port from the OS's ephemeral range can be taken by an outgoing connection before the service binds it.
        Set<Integer> ports = new HashSet<>();
        for (int index = 0; index < 200; index++) {
            int port = Ports.free();
            assertTrue(port >= Ports.FIRST_FREE_PORT && port <= Ports.LAST_FREE_PORT, "port " + port);
            ports.add(port);
        }
        assertEquals(200, ports.size(), "each port handed out once");
        int port = Ports.free();
        try (ServerSocket bound = new ServerSocket(port, 1, InetAddress.getByName(Ports.LOOPBACK))) {
            assertEquals(port, bound.getLocalPort(), "the port was free to bind");
            assertFalse(Ports.isFree(port), "a bound port is not free");
        }
    }
}

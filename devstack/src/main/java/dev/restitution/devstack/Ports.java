package dev.restitution.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Port choice on the loopback address everything binds to. */
public final class Ports {

    /** The one host of the devstack: Keycloak's issuer follows the request host, so never "localhost". */
    public static final String LOOPBACK = "127.0.0.1";

    /** A loopback connect succeeds or is refused in microseconds; 500 ms only bounds a stalled one. */
    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    /**
     * Free ports are picked below the operating systems' ephemeral ranges (Linux 32768-60999, macOS and Windows from
     * 49152): a port the OS hands out for port 0 comes from the range it also gives outgoing connections, so under
     * load a client socket could take it between the choice and the service's bind.
     */
    static final int FIRST_FREE_PORT = 20_000;
    static final int LAST_FREE_PORT = 32_767;
    private static final int ATTEMPTS = 500;
    /** Ports this JVM handed out: never twice, even before the first one is bound. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /**
     * A port free right now on 127.0.0.1, outside the ephemeral range and not handed out before by this JVM (a race
     * with another process binding the same port remains, but not with the machine's own outgoing connections).
     */
    public static int free() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST_FREE_PORT, LAST_FREE_PORT + 1);
            if (!HANDED_OUT.contains(port) && isFree(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port on " + LOOPBACK + " between " + FIRST_FREE_PORT + " and "
                + LAST_FREE_PORT + " after " + ATTEMPTS + " tries");
    }

    /** The port asked for, or a free one when 0 is asked for. */
    public static int chosen(int requested) {
        return requested == 0 ? free() : requested;
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when something accepts TCP connections on 127.0.0.1:port (checked within a bounded 500 ms). */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails fast with a message naming who needs the port, instead of a component failing later and obscurely. */
    public static void requireFree(int port, String user) {
        if (!isFree(port)) {
            throw new IllegalStateException("port " + port + " on " + LOOPBACK + " is already in use, but " + user
                    + " needs it: stop whatever listens there (e.g. a previous ./restitution run) and try again");
        }
    }
}

package dev.restitution.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port choice on the loopback address everything binds to. */
public final class Ports {

    /** The one host of the devstack: Keycloak's issuer follows the request host, so never "localhost". */
    public static final String LOOPBACK = "127.0.0.1";

    /** A loopback connect succeeds or is refused in microseconds; 500 ms only bounds a stalled one. */
    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    private Ports() {
    }

    /** A port free right now on 127.0.0.1 (the OS picks it; a tiny race with other processes remains). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK, e);
        }
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

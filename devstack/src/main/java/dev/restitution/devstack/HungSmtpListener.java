package dev.restitution.devstack;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * A hung mail server for {@link SmtpServer#stallMail()}: it listens on the SMTP port, accepts every connection and
 * never answers, so a sender waits for a greeting until its own timeout. Closing it closes every connection it holds.
 */
final class HungSmtpListener implements AutoCloseable {

    private final ServerSocket socket;

    private HungSmtpListener(ServerSocket socket) {
        this.socket = socket;
    }

    static HungSmtpListener listen(int port) {
        ServerSocket socket;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + Ports.LOOPBACK + ":" + port + " to stall SMTP", e);
        }
        HungSmtpListener listener = new HungSmtpListener(socket);
        Thread.ofVirtual().name("smtp-stall-" + port).start(listener::holdConnections);
        return listener;
    }

    /** Accepts and holds every connection, silent, until {@link #close()} ends accept(); then closes them. */
    private void holdConnections() {
        List<Closeable> held = new ArrayList<>();
        try {
            while (!socket.isClosed()) {
                held.add(socket.accept());
            }
        } catch (IOException closed) {
            // close() closed the server socket: the stall is over.
        } finally {
            held.forEach(HungSmtpListener::closeQuietly);
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Already closed by the other side: nothing is held any more.
        }
    }
}

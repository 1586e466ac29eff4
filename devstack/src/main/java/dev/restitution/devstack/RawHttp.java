package dev.restitution.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a plain socket, for tests that must send what ordinary clients will not
 * (a Content-Length far above the bytes that follow, no Content-Type at all) and read the answer as
 * the server wrote it. Bounded: a 10 s read timeout and at most 1 MiB of answer.
 */
public final class RawHttp {

    private static final int TIMEOUT_MILLIS = 10_000;
    private static final int MAX_ANSWER_BYTES = 1 << 20;

    private RawHttp() {
    }

    /** The answer: status, headers (names lower-cased) and body as text. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Sends {@code head} (request line and header lines, without the blank line that ends them) and then
     * {@code body}, and reads the answer until the server closes or its Content-Length is read.
     */
    public static Answer exchange(int port, String head, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int headEnd = -1;
        Map<String, String> headers = new LinkedHashMap<>();
        int status = 0;
        int contentLength = -1;
        byte[] buffer = new byte[8192];
        while (received.size() < MAX_ANSWER_BYTES) {
            if (headEnd >= 0 && contentLength >= 0 && received.size() >= headEnd + contentLength) {
                break;
            }
            int read = in.read(buffer);
            if (read < 0) {
                break;
            }
            received.write(buffer, 0, read);
            if (headEnd < 0) {
                String text = received.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0) {
                    headEnd = end + 4;
                    String[] lines = text.substring(0, end).split("\r\n");
                    status = Integer.parseInt(lines[0].split(" ")[1]);
                    for (int index = 1; index < lines.length; index++) {
                        int colon = lines[index].indexOf(':');
                        headers.put(lines[index].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                lines[index].substring(colon + 1).trim());
                    }
                    contentLength = headers.containsKey("content-length")
                            ? Integer.parseInt(headers.get("content-length")) : -1;
                }
            }
        }
        if (headEnd < 0) {
            throw new IOException("no complete HTTP answer in " + received.size() + " bytes");
        }
        byte[] all = received.toByteArray();
        int bodyLength = contentLength >= 0 ? Math.min(contentLength, all.length - headEnd) : all.length - headEnd;
        return new Answer(status, headers, new String(all, headEnd, bodyLength, StandardCharsets.UTF_8));
    }
}

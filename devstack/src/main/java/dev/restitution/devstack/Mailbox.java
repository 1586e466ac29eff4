package dev.restitution.devstack;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The client of the devstack's mail server ({@link SmtpServer}): what it received, per recipient. Services send
 * from a background sender, so a test waits with {@link #await}.
 */
public final class Mailbox {

    /** Bounds each request; the server answers from memory in milliseconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * One received mail.
     *
     * @param headers List-Unsubscribe, List-Unsubscribe-Post, Content-Language and Date when present
     * @param text the text/plain body, null when absent
     * @param html the text/html body, null when absent
     */
    public record Message(String messageId, String from, String to, String subject, Map<String, String> headers,
                          String text, String html) {
        public Message {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }
    }

    private record Listing(long received, long matching, List<Message> messages) {
    }

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public Mailbox(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The last (at most 1000) messages to this address, oldest first. */
    public List<Message> to(String address) {
        return listing("?limit=" + SmtpServer.MAX_LIMIT + "&to=" + URLEncoder.encode(address, StandardCharsets.UTF_8)).messages();
    }

    /** How many messages the server holds, for every recipient. */
    public long received() {
        return listing("?limit=1").received();
    }

    /** Waits until the messages to this address satisfy the condition, then returns them; fails after the timeout. */
    public List<Message> await(String address, Predicate<List<Message>> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<Message> messages = to(address);
        while (!condition.test(messages)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("after " + timeout + " the mails to " + address + " still do not match; they are "
                        + messages.stream().map(Message::subject).toList());
            }
            sleep();
            messages = to(address);
        }
        return messages;
    }

    /** Empties every mailbox (long runs: the server keeps what it receives in memory). */
    public void clear() {
        call("DELETE", "/api/messages");
    }

    /** Takes SMTP down: senders are refused until {@link #startSmtp()}; what was received is gone. */
    public void stopSmtp() {
        call("POST", "/api/smtp/stop");
    }

    /** Leaves SMTP hung: connections are accepted and never answered until {@link #startSmtp()}. */
    public void stallSmtp() {
        call("POST", "/api/smtp/stall");
    }

    public void startSmtp() {
        call("POST", "/api/smtp/start");
    }

    private Listing listing(String query) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/messages" + query))
                .timeout(TIMEOUT).GET().build());
        try {
            return JSON.readValue(answer.body(), Listing.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable answer from the mail server: " + answer.body(), e);
        }
    }

    private void call(String method, String path) {
        send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        HttpResponse<String> answer;
        try {
            answer = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("the mail server at " + baseUrl + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the mail server", e);
        }
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("the mail server answered " + answer.statusCode() + " to " + request.method()
                    + " " + request.uri() + ": " + answer.body());
        }
        return answer;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_INTERVAL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for mail", e);
        }
    }
}

package dev.restitution.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The devstack's mail server: a real SMTP server (GreenMail) the services send their notifications to, an IMAP
 * server on which any mail client reads them (user name: the recipient's address, any password), and a small HTTP
 * API that {@link Mailbox} wraps: {@code GET /api/messages?to=&limit=} lists what arrived (newest last),
 * {@code DELETE /api/messages} empties every mailbox, {@code POST /api/smtp/stop} and {@code POST /api/smtp/start}
 * take the SMTP and IMAP servers down and up again on the same ports (tests of an outage), {@code POST /api/smtp/stall}
 * leaves a listener on the SMTP port that accepts connections and never answers (a hung server).
 *
 * <p>GreenMail keeps what it receives, and a mailbox per recipient, in memory: long runs empty it
 * ({@code DELETE /api/messages}).
 */
public final class SmtpServer implements AutoCloseable {

    /** The most messages one listing returns. */
    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_LIMIT = 100;
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int smtpPort;
    private final int imapPort;
    private final HttpServer http;
    private final ExecutorService handlers;
    private GreenMail mail;
    /** While stalled: a socket on the SMTP port that accepts connections and never answers. */
    private HungSmtpListener stall;

    private SmtpServer(int smtpPort, int imapPort, HttpServer http, ExecutorService handlers) {
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
        this.http = http;
        this.handlers = handlers;
    }

    /** SMTP, IMAP and the HTTP API on 127.0.0.1 at the ports given (0: a free one each). */
    public static SmtpServer start(int smtpPort, int imapPort, int httpPort) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), httpPort), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("the mailbox API cannot listen on " + Ports.LOOPBACK + ":" + httpPort, e);
        }
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        SmtpServer server = new SmtpServer(Ports.chosen(smtpPort), Ports.chosen(imapPort), http, handlers);
        server.startMail();
        http.createContext("/api/messages", answering(server::messages));
        http.createContext("/api/smtp/", answering(server::control));
        http.createContext("/", answering(exchange ->
                problem(exchange, 404, "no such resource: " + exchange.getRequestURI().getPath(), null)));
        http.setExecutor(handlers);
        http.start();
        return server;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    /** e.g. http://127.0.0.1:8025, the HTTP API {@link Mailbox} reads. */
    public String url() {
        return "http://" + Ports.LOOPBACK + ":" + http.getAddress().getPort();
    }

    /** Starts SMTP and IMAP again (after {@link #stopMail()}), on the same ports; what was received before is gone. */
    public synchronized void startMail() {
        if (mail != null) {
            return;
        }
        endStall();
        GreenMail started = new GreenMail(new ServerSetup[] {
                new ServerSetup(smtpPort, Ports.LOOPBACK, ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, Ports.LOOPBACK, ServerSetup.PROTOCOL_IMAP)});
        started.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        // GreenMail's connection threads inherit the starting thread's context class loader, through which Jakarta
        // Mail finds its providers; started from a test's or a request's thread that loader may hold another copy of
        // Jakarta Mail ("MailStreamProvider not a subtype"), and every mail received would fail.
        ClassLoader before = useOwnClassLoader();
        try {
            started.start();
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
        mail = started;
    }

    /** Stops SMTP and IMAP: senders get connection refused until {@link #startMail()}. */
    public synchronized void stopMail() {
        endStall();
        if (mail != null) {
            mail.stop();
            mail = null;
        }
    }

    /**
     * Stops SMTP and IMAP and listens on the SMTP port without ever answering: a sender connects and waits for a
     * greeting that never comes, until its own timeout, or until {@link #startMail()}.
     */
    public synchronized void stallMail() {
        stopMail();
        stall = HungSmtpListener.listen(smtpPort);
    }

    private void endStall() {
        if (stall != null) {
            stall.close();
            stall = null;
        }
    }

    @Override
    public void close() {
        stopMail();
        http.stop(0);
        handlers.close();
    }

    /**
     * A handler that reads mails with Jakarta Mail in this class's class loader (see {@link #startMail()}) and answers
     * a 500 problem, instead of closing the connection without a word, when reading fails.
     */
    private static HttpHandler answering(HttpHandler handler) {
        return exchange -> {
            ClassLoader before = useOwnClassLoader();
            try (exchange) {
                handler.handle(exchange);
            } catch (RuntimeException | ServiceConfigurationError e) {
                problem(exchange, 500, "the mail server failed: " + e, null);
            } finally {
                Thread.currentThread().setContextClassLoader(before);
            }
        };
    }

    /** Makes this class's loader the current thread's context class loader; returns the one before. */
    private static ClassLoader useOwnClassLoader() {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(SmtpServer.class.getClassLoader());
        return before;
    }

    private synchronized MimeMessage[] received() {
        return mail == null ? new MimeMessage[0] : mail.getReceivedMessages();
    }

    /**
     * Empties every mailbox and forgets the users GreenMail created for each new recipient (authentication is off, so
     * they carry nothing else): a campaign to a million addresses leaves no million mailboxes behind.
     */
    private synchronized void purge() throws FolderException {
        if (mail != null) {
            mail.purgeEmailFromAllMailboxes();
            UserManager users = mail.getUserManager();
            List.copyOf(users.listUser()).forEach(users::deleteUser);
        }
    }

    private void messages(HttpExchange exchange) throws IOException {
        switch (exchange.getRequestMethod()) {
            case "GET" -> list(exchange);
            case "DELETE" -> {
                try {
                    purge();
                } catch (FolderException e) {
                    problem(exchange, 500, "cannot empty the mailboxes: " + e.getMessage(), null);
                    return;
                }
                exchange.sendResponseHeaders(204, -1);
            }
            default -> problem(exchange, 405, "GET lists messages, DELETE empties the mailboxes", null);
        }
    }

    private void list(HttpExchange exchange) throws IOException {
        Map<String, String> parameters = parameters(exchange.getRequestURI().getRawQuery());
        String to = parameters.get("to");
        int limit = DEFAULT_LIMIT;
        if (parameters.containsKey("limit")) {
            try {
                limit = Integer.parseInt(parameters.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                problem(exchange, 400, "limit must be a whole number from 1 to " + MAX_LIMIT, "limit");
                return;
            }
        }
        MimeMessage[] all = received();
        List<MimeMessage> matching = Arrays.stream(all).filter(message -> to == null || addressedTo(message, to)).toList();
        ArrayNode items = JSON.createArrayNode();
        matching.subList(Math.max(0, matching.size() - limit), matching.size()).forEach(message -> items.add(toJson(message)));
        ObjectNode answer = JSON.createObjectNode();
        answer.put("received", all.length);
        answer.put("matching", matching.size());
        answer.set("messages", items);
        json(exchange, answer);
    }

    private void control(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            problem(exchange, 405, "only POST controls the SMTP server", null);
            return;
        }
        switch (exchange.getRequestURI().getPath()) {
            case "/api/smtp/stop" -> stopMail();
            case "/api/smtp/start" -> startMail();
            case "/api/smtp/stall" -> stallMail();
            default -> {
                problem(exchange, 404, "POST /api/smtp/stop, /api/smtp/stall or /api/smtp/start", null);
                return;
            }
        }
        exchange.sendResponseHeaders(204, -1);
    }

    private static boolean addressedTo(MimeMessage message, String to) {
        try {
            return message.getAllRecipients() != null && Arrays.stream(message.getAllRecipients())
                    .anyMatch(address -> address.toString().toLowerCase(Locale.ROOT).contains(to.toLowerCase(Locale.ROOT)));
        } catch (MessagingException e) {
            return false;
        }
    }

    private static ObjectNode toJson(MimeMessage message) {
        ObjectNode node = JSON.createObjectNode();
        try {
            node.put("messageId", message.getMessageID());
            node.put("from", String.valueOf(Arrays.asList(message.getFrom())).replaceAll("^\\[|]$", ""));
            node.put("to", String.valueOf(Arrays.asList(message.getAllRecipients())).replaceAll("^\\[|]$", ""));
            node.put("subject", message.getSubject());
            ObjectNode headers = node.putObject("headers");
            for (String name : List.of("List-Unsubscribe", "List-Unsubscribe-Post", "Content-Language", "Date")) {
                String value = message.getHeader(name, ", ");
                if (value != null) {
                    headers.put(name, value);
                }
            }
            Map<String, String> bodies = new HashMap<>();
            collect(message, bodies);
            bodies.forEach(node::put);
        } catch (MessagingException | IOException e) {
            node.put("error", "unreadable message: " + e.getMessage());
        }
        return node;
    }

    /** The first text/plain part as "text", the first text/html part as "html". */
    private static void collect(Part part, Map<String, String> bodies) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            bodies.putIfAbsent("text", String.valueOf(part.getContent()));
        } else if (part.isMimeType("text/html")) {
            bodies.putIfAbsent("html", String.valueOf(part.getContent()));
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, bodies);
            }
        }
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.put(name, value);
        }
        return parameters;
    }

    private static void problem(HttpExchange exchange, int status, String detail, String parameter) throws IOException {
        ObjectNode problem = JSON.createObjectNode()
                .put("type", "about:blank")
                .put("status", status)
                .put("detail", detail);
        if (parameter != null) {
            problem.put("parameter", parameter);
        }
        send(exchange, status, PROBLEM_JSON, JSON.writeValueAsBytes(problem));
    }

    private static void json(HttpExchange exchange, Object body) throws IOException {
        send(exchange, 200, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}

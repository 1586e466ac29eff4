package dev.restitution.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.junit.jupiter.api.Test;

class SmtpServerTest {

    private static void send(int port, String to, String subject, String messageId) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", Ports.LOOPBACK);
        properties.put("mail.smtp.port", Integer.toString(port));
        properties.put("mail.smtp.connectiontimeout", "2000");
        MimeMessage message = new MimeMessage(Session.getInstance(properties)) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress("sender@restitution.example"));
        message.setRecipients(MimeMessage.RecipientType.TO, to);
        message.setSubject(subject, "UTF-8");
        message.setText("body of " + subject, "UTF-8");
        message.setHeader("Content-Language", "zh-CN");
        Transport.send(message);
    }

    @Test
    void mailsSentOverSmtpAreListedPerRecipient() throws Exception {
        // Why: tests and people read what the services sent from the devstack's own SMTP server.
        try (SmtpServer server = SmtpServer.start(0, 0, 0)) {
            Mailbox mailbox = new Mailbox(server.url());
            send(server.smtpPort(), "carol@example.com", "您好", "<one@restitution.example>");
            send(server.smtpPort(), "dave@example.com", "hola", "<two@restitution.example>");
            List<Mailbox.Message> carol = mailbox.await("carol@example.com", messages -> messages.size() == 1, Duration.ofSeconds(10));
            assertEquals("您好", carol.getFirst().subject());
            assertEquals("<one@restitution.example>", carol.getFirst().messageId());
            assertEquals("zh-CN", carol.getFirst().headers().get("Content-Language"));
            assertTrue(carol.getFirst().text().contains("body of 您好"));
            assertEquals(2, mailbox.received());
            mailbox.clear();
            assertEquals(0, mailbox.received());
        }
    }

    @Test
    void aStoppedSmtpServerRefusesMailUntilStartedAgainOnTheSamePort() throws Exception {
        // Why: tests of an outage take SMTP down and bring it back where the services expect it.
        try (SmtpServer server = SmtpServer.start(0, 0, 0)) {
            Mailbox mailbox = new Mailbox(server.url());
            mailbox.stopSmtp();
            assertThrows(MessagingException.class, () -> send(server.smtpPort(), "erin@example.com", "lost?", "<x@r.example>"));
            mailbox.startSmtp();
            send(server.smtpPort(), "erin@example.com", "after", "<y@r.example>");
            assertEquals("after", mailbox.await("erin@example.com", messages -> messages.size() == 1, Duration.ofSeconds(10))
                    .getFirst().subject());
        }
    }

    @Test
    void aStalledSmtpServerHoldsConnectionsSilentUntilStartedAgain() throws Exception {
        // Why: tests of a hung mail server need one that accepts a sender and never greets it, then recovers.
        try (SmtpServer server = SmtpServer.start(0, 0, 0)) {
            Mailbox mailbox = new Mailbox(server.url());
            mailbox.stallSmtp();
            try (Socket socket = new Socket(Ports.LOOPBACK, server.smtpPort())) {
                socket.setSoTimeout(500);
                assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read());
            }
            mailbox.startSmtp();
            send(server.smtpPort(), "gina@example.com", "after the stall", "<s@r.example>");
            assertEquals("after the stall", mailbox.await("gina@example.com", messages -> messages.size() == 1,
                    Duration.ofSeconds(10)).getFirst().subject());
        }
    }

    @Test
    void mailIsReceivedAndListedWhateverClassLoaderTheCallerRunsIn() throws Exception {
        // Why: in a @QuarkusTest the devstack is started, stopped and started again from threads whose context class
        // loader holds another copy of Jakarta Mail; received mails must still parse and list, not break the connection.
        try (URLClassLoader foreign = new URLClassLoader(new URL[] {jarOf(Session.class), jarOf(MailStreamProvider.class),
                jarOf(DataHandler.class)}, ClassLoader.getPlatformClassLoader())) {
            AtomicReference<SmtpServer> started = new AtomicReference<>();
            Thread starter = new Thread(() -> started.set(SmtpServer.start(0, 0, 0)));
            starter.setContextClassLoader(foreign);
            starter.start();
            starter.join();
            try (SmtpServer server = started.get()) {
                Mailbox mailbox = new Mailbox(server.url());
                Thread restarter = new Thread(() -> {
                    server.stopMail();
                    server.startMail();
                });
                restarter.setContextClassLoader(foreign);
                restarter.start();
                restarter.join();
                send(server.smtpPort(), "frank@example.com", "after a restart", "<z@r.example>");
                List<Mailbox.Message> frank = mailbox.await("frank@example.com", messages -> messages.size() == 1,
                        Duration.ofSeconds(10));
                assertEquals("body of after a restart", frank.getFirst().text().strip());
            }
        }
    }

    private static URL jarOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }
}

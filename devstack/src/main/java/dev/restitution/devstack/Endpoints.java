package dev.restitution.devstack;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where a running {@link DevStack} answers. A component that was not started has no endpoint
 * (port 0, null URL).
 *
 * @param dataDirectory the stack's data and log files
 * @param postgresPort PostgreSQL's port, 0 when not started
 * @param kafkaBootstrapServers e.g. 127.0.0.1:19092, null when not started
 * @param keycloakUrl e.g. http://127.0.0.1:8180, null when not started
 * @param anvilRpcUrl e.g. http://127.0.0.1:8545, null when not started
 * @param secondAnvilRpcUrl the second anvil chain's, e.g. http://127.0.0.1:8546, null when not started
 * @param otlpUrl the OTLP receiver (OTLP/HTTP and its query API), e.g. http://127.0.0.1:4318, null when not started
 * @param smtpPort the mail server's SMTP port, 0 when not started
 * @param imapPort the mail server's IMAP port, 0 when not started
 * @param mailboxUrl the mail server's HTTP listing, e.g. http://127.0.0.1:8025, null when not started
 */
public record Endpoints(Path dataDirectory, int postgresPort, String kafkaBootstrapServers, String keycloakUrl,
                        String anvilRpcUrl, String secondAnvilRpcUrl, String otlpUrl, int smtpPort, int imapPort,
                        String mailboxUrl) {

    /** As a string of properties, so a JVM-wide shared stack can be found from any class loader. */
    String serialize() {
        Properties properties = new Properties();
        properties.setProperty("dataDirectory", dataDirectory.toString());
        properties.setProperty("postgresPort", Integer.toString(postgresPort));
        properties.setProperty("kafkaBootstrapServers", nullToEmpty(kafkaBootstrapServers));
        properties.setProperty("keycloakUrl", nullToEmpty(keycloakUrl));
        properties.setProperty("anvilRpcUrl", nullToEmpty(anvilRpcUrl));
        properties.setProperty("secondAnvilRpcUrl", nullToEmpty(secondAnvilRpcUrl));
        properties.setProperty("otlpUrl", nullToEmpty(otlpUrl));
        properties.setProperty("smtpPort", Integer.toString(smtpPort));
        properties.setProperty("imapPort", Integer.toString(imapPort));
        properties.setProperty("mailboxUrl", nullToEmpty(mailboxUrl));
        StringWriter out = new StringWriter();
        try {
            properties.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static Endpoints deserialize(String serialized) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(serialized));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Endpoints(
                Path.of(properties.getProperty("dataDirectory")),
                Integer.parseInt(properties.getProperty("postgresPort")),
                emptyToNull(properties.getProperty("kafkaBootstrapServers")),
                emptyToNull(properties.getProperty("keycloakUrl")),
                emptyToNull(properties.getProperty("anvilRpcUrl")),
                emptyToNull(properties.getProperty("secondAnvilRpcUrl")),
                emptyToNull(properties.getProperty("otlpUrl")),
                Integer.parseInt(properties.getProperty("smtpPort")),
                Integer.parseInt(properties.getProperty("imapPort")),
                emptyToNull(properties.getProperty("mailboxUrl")));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}

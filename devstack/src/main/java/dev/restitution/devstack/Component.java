package dev.restitution.devstack;

/** The pieces of infrastructure a {@link DevStack} can run. */
public enum Component {
    POSTGRES,
    KAFKA,
    KEYCLOAK,
    ANVIL,
    /** The OTLP receiver ({@link OtlpReceiver}) every service and the portal export their spans to. */
    OTLP,
    /** The mail server ({@link SmtpServer}: SMTP, IMAP and an HTTP listing) services send notifications to. */
    SMTP
}

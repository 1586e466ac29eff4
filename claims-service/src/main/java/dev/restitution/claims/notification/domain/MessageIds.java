package dev.restitution.claims.notification.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The Message-ID of the mail for one event and recipient: the same on every attempt, so a mail re-sent after a
 * crash between the SMTP server's accept and the mark "sent" is recognisably the same mail (RFC 5322 3.6.4).
 */
public final class MessageIds {

    private MessageIds() {
    }

    public static String of(UUID eventId, String accountId, String domain) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] digest = sha256.digest((eventId + "\n" + accountId).getBytes(StandardCharsets.UTF_8));
        return "<" + HexFormat.of().formatHex(digest, 0, 16) + "@" + domain + ">";
    }
}

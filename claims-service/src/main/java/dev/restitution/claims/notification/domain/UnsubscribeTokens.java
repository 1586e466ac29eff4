package dev.restitution.claims.notification.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token of an unsubscribe link: the account id and an HMAC-SHA256 over it with the service's secret, so the
 * link works without a login and nobody can make one for another account. It switches off every non-essential kind
 * of that account; essential mails keep going.
 */
public final class UnsubscribeTokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** An account id is at most a few dozen characters; this bounds what is decoded from a link. */
    private static final int MAX_TOKEN_LENGTH = 512;

    private final byte[] secret;

    public UnsubscribeTokens(String secret) {
        if (secret == null || secret.length() < 32) {
            throw new IllegalArgumentException("the unsubscribe secret must be at least 32 characters");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public String tokenFor(String accountId) {
        return ENCODER.encodeToString(accountId.getBytes(StandardCharsets.UTF_8)) + "." + ENCODER.encodeToString(mac(accountId));
    }

    /** The account a token was made for, empty when the token is malformed or its signature does not match. */
    public Optional<String> accountOf(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        String accountId;
        byte[] signature;
        try {
            accountId = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(mac(accountId), signature) && !accountId.isBlank() ? Optional.of(accountId) : Optional.empty();
    }

    private byte[] mac(String accountId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(("unsubscribe\n" + accountId).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}

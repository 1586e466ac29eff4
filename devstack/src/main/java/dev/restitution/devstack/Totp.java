package dev.restitution.devstack;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238, HMAC-SHA1, 30 s steps), as an authenticator app computes them from the
 * secret Keycloak keeps for an OTP credential. Keycloak uses the UTF-8 bytes of the stored secret as the HMAC key
 * and shows them Base32-encoded to the user.
 */
public final class Totp {

    /** The realm's OTP policy: 30-second periods, 6 digits, HMAC-SHA1 (restitution-realm.json). */
    public static final int PERIOD_SECONDS = 30;
    public static final int DIGITS = 6;
    private static final String ALGORITHM = "HmacSHA1";
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final byte[] key;
    private final int digits;
    private final String algorithm;

    private Totp(byte[] key, int digits, String algorithm) {
        this.key = key.clone();
        this.digits = digits;
        this.algorithm = algorithm;
    }

    /** The generator for a secret as Keycloak stores it (its UTF-8 bytes are the key). */
    public static Totp forSecret(String secret) {
        return new Totp(secret.getBytes(StandardCharsets.UTF_8), DIGITS, ALGORITHM);
    }

    /** The generator for a secret given in Base32, as Keycloak's enrolment page and authenticator apps show it. */
    public static Totp forBase32Secret(String base32) {
        return new Totp(base32Decode(base32), DIGITS, ALGORITHM);
    }

    /** A generator with RFC 6238's parameters: raw key bytes, digit count, HmacSHA1/HmacSHA256/HmacSHA512. */
    static Totp of(byte[] key, int digits, String algorithm) {
        return new Totp(key, digits, algorithm);
    }

    /** The period number (time step) an instant falls into. */
    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), PERIOD_SECONDS);
    }

    /** The code of the period an instant falls into. */
    public String codeAt(Instant at) {
        return codeForStep(step(at));
    }

    /** The code of one period (RFC 4226 HOTP over the step counter). */
    public String codeForStep(long step) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            int code = binary % (int) Math.pow(10, digits);
            return String.format("%0" + digits + "d", code);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }

    /** The key in Base32 without padding, as an authenticator app takes it. */
    public String base32Secret() {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : key) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 0x1f]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 0x1f]);
        }
        return out.toString();
    }

    /** An otpauth:// URI an authenticator app can import (as a QR code or pasted). */
    public String otpauthUri(String issuer, String account) {
        Objects.requireNonNull(issuer);
        Objects.requireNonNull(account);
        return "otpauth://totp/" + issuer + ":" + account + "?secret=" + base32Secret() + "&issuer=" + issuer
                + "&algorithm=SHA1&digits=" + digits + "&period=" + PERIOD_SECONDS;
    }

    static byte[] base32Decode(String text) {
        String clean = text.replace(" ", "").replace("=", "").toUpperCase(java.util.Locale.ROOT);
        ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : clean.toCharArray()) {
            int value = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
            if (value < 0) {
                throw new IllegalArgumentException("not a Base32 character: " + c);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) ((buffer >> (bits - 8)) & 0xff));
                bits -= 8;
            }
        }
        return java.util.Arrays.copyOf(out.array(), out.position());
    }
}

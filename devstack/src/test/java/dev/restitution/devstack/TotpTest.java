package dev.restitution.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class TotpTest {

    private static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_SEED =
            "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);

    @Test
    void codesMatchTheTestVectorsOfRfc6238() {
        // Why: tests sign in with these codes against a real Keycloak; a wrong truncation or counter encoding
        // would only show up there as an unexplained "invalid code".
        long[] times = {59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L};
        String[] sha1 = {"94287082", "07081804", "14050471", "89005924", "69279037", "65353130"};
        String[] sha256 = {"46119246", "68084774", "67062674", "91819424", "90698825", "77737706"};
        String[] sha512 = {"90693936", "25091201", "99943326", "93441116", "38618901", "47863826"};
        for (int i = 0; i < times.length; i++) {
            Instant at = Instant.ofEpochSecond(times[i]);
            assertEquals(sha1[i], Totp.of(SHA1_SEED, 8, "HmacSHA1").codeAt(at));
            assertEquals(sha256[i], Totp.of(SHA256_SEED, 8, "HmacSHA256").codeAt(at));
            assertEquals(sha512[i], Totp.of(SHA512_SEED, 8, "HmacSHA512").codeAt(at));
        }
    }

    @Test
    void sixDigitCodesAreTheLastSixDigitsWithLeadingZeros() {
        // Why: the realm asks for 6 digits; a code like 081804 must keep its leading zero.
        assertEquals("081804", Totp.of(SHA1_SEED, 6, "HmacSHA1").codeAt(Instant.ofEpochSecond(1111111109L)));
    }

    @Test
    void aBase32SecretAsKeycloakShowsItGivesTheSameCodesAsTheStoredSecret() {
        // Why: the enrolment page shows the secret in Base32; a browser test computes codes from that text.
        Totp stored = Totp.forSecret("alice-totp-dev-secret");
        Totp shown = Totp.forBase32Secret(stored.base32Secret());
        Instant at = Instant.parse("2026-12-07T05:00:00Z");
        assertEquals(stored.codeAt(at), shown.codeAt(at));
        assertEquals("287082", Totp.forBase32Secret("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ").codeAt(Instant.ofEpochSecond(59)));
    }

    @Test
    void aSecretThatIsNotBase32IsRefused() {
        // Why: a mis-scraped secret must fail loudly, not produce codes Keycloak refuses.
        assertThrows(IllegalArgumentException.class, () -> Totp.forBase32Secret("not base32!"));
    }

    @Test
    void theOtpauthUriCarriesTheBase32SecretAndTheRealmPolicy() {
        // Why: people add the demo users to an authenticator app from this URI; it must match the realm's policy.
        assertEquals("otpauth://totp/Restitution:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                        + "&issuer=Restitution&algorithm=SHA1&digits=6&period=30", Totp.forSecret("12345678901234567890").otpauthUri("Restitution", "alice"));
    }
}

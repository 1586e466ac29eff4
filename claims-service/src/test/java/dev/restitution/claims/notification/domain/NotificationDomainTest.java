package dev.restitution.claims.notification.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotificationDomainTest {

    @Test
    void amountsMoveByTheAssetsDecimalsExactlyInTheLocalesNotation() {
        // Why: 1.5 ETH is 1500000000000000000 wei; a double would lose digits of an 18-decimal amount.
        assertEquals("1.5", Amounts.format(new BigInteger("1500000000000000000"), 18, Locale.forLanguageTag("en")));
        assertEquals("1,5", Amounts.format(new BigInteger("1500000000000000000"), 18, Locale.forLanguageTag("es")));
        assertEquals("1,234,567.000000000000000001",
                Amounts.format(new BigInteger("1234567000000000000000001"), 18, Locale.forLanguageTag("zh-CN")));
        assertEquals("0.000000000000000001", Amounts.format(BigInteger.ONE, 18, Locale.forLanguageTag("en")));
        assertEquals("25", Amounts.format(BigInteger.valueOf(25_000_000), 6, Locale.forLanguageTag("en")));
    }

    @Test
    void theLanguageIsThePreferenceElseKeycloaksLocaleElseEnglish() {
        // Why: the claimant's own choice wins; without one, their account's locale; without that, English.
        assertEquals("es", Languages.of(Optional.of("es"), Optional.of("zh-CN")));
        assertEquals("zh-CN", Languages.of(Optional.empty(), Optional.of("zh-CN")));
        assertEquals("es", Languages.of(Optional.empty(), Optional.of("es-MX")));
        assertEquals("zh-CN", Languages.of(Optional.empty(), Optional.of("zh")));
        assertEquals("en", Languages.of(Optional.empty(), Optional.of("de")));
        assertEquals("en", Languages.of(Optional.empty(), Optional.empty()));
    }

    @Test
    void aMessageIdIsStablePerEventAndRecipient() {
        // Why: a mail re-sent after a crash carries the same Message-ID, so the receiving side sees one mail.
        UUID event = UUID.randomUUID();
        assertEquals(MessageIds.of(event, "ACC-1", "example.org"), MessageIds.of(event, "ACC-1", "example.org"));
        assertNotEquals(MessageIds.of(event, "ACC-1", "example.org"), MessageIds.of(event, "ACC-2", "example.org"));
        assertTrue(MessageIds.of(event, "ACC-1", "example.org").matches("<[0-9a-f]{32}@example\\.org>"));
    }

    @Test
    void anUnsubscribeTokenNamesItsAccountAndCannotBeForged() {
        // Why: the link works without a login, so only this service's secret may make one.
        UnsubscribeTokens tokens = new UnsubscribeTokens("a-secret-of-at-least-thirty-two-characters");
        String token = tokens.tokenFor("ACC-000001");
        assertEquals(Optional.of("ACC-000001"), tokens.accountOf(token));
        String otherAccount = token.replaceFirst("^[^.]+", java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("ACC-000002".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), tokens.accountOf(otherAccount));
        assertEquals(Optional.empty(), new UnsubscribeTokens("another-secret-of-at-least-thirty-two-chars").accountOf(token));
        assertEquals(Optional.empty(), tokens.accountOf("no-dot"));
        assertEquals(Optional.empty(), tokens.accountOf("!!.??"));
    }

    @Test
    void retriesDoubleUpToTheMaximumThenPark() {
        // Why: a mail server that is down is asked less and less often, and a mail is parked, never dropped.
        Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(1), 4);
        assertEquals(Duration.ofSeconds(5), backoff.delayAfter(1));
        assertEquals(Duration.ofSeconds(10), backoff.delayAfter(2));
        assertEquals(Duration.ofSeconds(40), backoff.delayAfter(4));
        assertEquals(Duration.ofMinutes(1), backoff.delayAfter(9));
        assertEquals(false, backoff.parks(3));
        assertEquals(true, backoff.parks(4));
    }
}

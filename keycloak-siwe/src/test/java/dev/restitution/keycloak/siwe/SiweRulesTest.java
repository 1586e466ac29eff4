package dev.restitution.keycloak.siwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

class SiweRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T18:00:00Z");
    private static final String DOMAIN = "auth.example.com";
    private static final String URI = "https://auth.example.com/realms/restitution";
    private static final String NONCE = "00112233445566778899aabbccddeeff";
    private static final SiweRules RULES = new SiweRules(DOMAIN, URI, 31337, Duration.ofSeconds(30), Duration.ofMinutes(10));

    private final ECKeyPair holder = newKey();
    private final String address = PersonalSignatureTest.address(holder);

    @Test
    void aFreshMessageOfThisSiteChainAndNonceSignedByItsAddressIsAccepted() {
        // Why: the holder's own signature over what the page asked for is the one thing that signs them in.
        SiweRules.Outcome outcome = check(UnaryOperator.identity(), holder, Optional.of(NONCE));
        assertEquals(Optional.empty(), outcome.refusal(), outcome.detail());
        assertEquals(address, outcome.accepted().orElseThrow().address());
    }

    @Test
    void eachRuleRefusesTheMessageThatBreaksIt() {
        // Why: every field the realm relies on is checked on its own; one broken field is enough to refuse.
        assertRefused(SiweRules.Refusal.WRONG_DOMAIN, message -> message.with(m -> m.domain("evil.example.com")));
        assertRefused(SiweRules.Refusal.WRONG_DOMAIN, message -> message.with(m -> m.domain("auth.example.com:444")));
        assertRefused(SiweRules.Refusal.WRONG_DOMAIN, message -> message.with(m -> m.scheme("http")));
        assertRefused(SiweRules.Refusal.WRONG_URI, message -> message.with(m -> m.uri("https://auth.example.com/realms/other")));
        assertRefused(SiweRules.Refusal.WRONG_CHAIN, message -> message.with(m -> m.chainId(1)));
        assertRefused(SiweRules.Refusal.WRONG_NONCE, message -> message.with(m -> m.nonce("ffeeddccbbaa99887766554433221100")));
        assertRefused(SiweRules.Refusal.ISSUED_IN_THE_FUTURE, message -> message.with(m -> m.issuedAt(NOW.plusSeconds(31))));
        assertRefused(SiweRules.Refusal.NO_EXPIRATION, message -> message.with(m -> m.expirationTime(null)));
        assertRefused(SiweRules.Refusal.EXPIRED, message -> message.with(m -> m.issuedAt(NOW.minusSeconds(300)).expirationTime(NOW)));
        assertRefused(SiweRules.Refusal.LIFETIME_TOO_LONG, message -> message.with(m -> m.expirationTime(NOW.plusSeconds(601))));
        assertRefused(SiweRules.Refusal.NOT_YET_VALID, message -> message.with(m -> m.notBefore(NOW.plusSeconds(31))));
    }

    @Test
    void aClockAFewSecondsAheadAndTheFullLifetimeAreStillAccepted() {
        // Why: wallets' clocks drift; refusing them at the edge of the allowances would lock honest holders out.
        SiweRules.Outcome ahead = check(message -> message.with(m -> m.issuedAt(NOW.plusSeconds(30)).expirationTime(NOW.plusSeconds(630))),
                holder, Optional.of(NONCE));
        assertEquals(Optional.empty(), ahead.refusal(), ahead.detail());
    }

    @Test
    void aSessionWithoutNonceRefusesEvenAPerfectMessage() {
        // Why: the nonce leaves the session at the first attempt; a second post of the same signed text is a replay.
        assertEquals(Optional.of(SiweRules.Refusal.WRONG_NONCE), check(UnaryOperator.identity(), holder, Optional.empty()).refusal());
    }

    @Test
    void aMessageSignedByAnotherKeyOrWithAGarbledSignatureIsRefused() {
        // Why: naming an address proves nothing; only the key of that address may sign for it.
        assertEquals(Optional.of(SiweRules.Refusal.SIGNED_BY_ANOTHER_KEY),
                check(UnaryOperator.identity(), newKey(), Optional.of(NONCE)).refusal());
        String text = Builder.valid(address).text();
        assertEquals(Optional.of(SiweRules.Refusal.BAD_SIGNATURE),
                RULES.check(text, "0x" + "11".repeat(64) + "1b", Optional.of(NONCE), NOW).refusal());
        assertEquals(Optional.of(SiweRules.Refusal.MALFORMED),
                RULES.check(text + "\n", PersonalSignatureTest.sign(text + "\n", holder), Optional.of(NONCE), NOW).refusal());
    }

    private void assertRefused(SiweRules.Refusal expected, UnaryOperator<Builder> change) {
        SiweRules.Outcome outcome = check(change, holder, Optional.of(NONCE));
        assertEquals(Optional.of(expected), outcome.refusal(), outcome.detail());
        assertTrue(outcome.accepted().isEmpty());
    }

    private SiweRules.Outcome check(UnaryOperator<Builder> change, ECKeyPair signer, Optional<String> sessionNonce) {
        String text = change.apply(Builder.valid(address)).text();
        return RULES.check(text, PersonalSignatureTest.sign(text, signer), sessionNonce, NOW);
    }

    private static ECKeyPair newKey() {
        try {
            return Keys.createEcKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A message the rules accept, and changes of one field at a time. */
    private static final class Builder {
        private Optional<String> scheme = Optional.empty();
        private String domain = DOMAIN;
        private final String address;
        private String uri = URI;
        private long chainId = 31337;
        private String nonce = NONCE;
        private Instant issuedAt = NOW.minusSeconds(10);
        private Instant expirationTime = NOW.plusSeconds(290);
        private Instant notBefore;

        private Builder(String address) {
            this.address = address;
        }

        static Builder valid(String address) {
            return new Builder(address);
        }

        Builder with(UnaryOperator<Builder> change) {
            return change.apply(this);
        }

        Builder scheme(String value) { scheme = Optional.of(value); return this; }
        Builder domain(String value) { domain = value; return this; }
        Builder uri(String value) { uri = value; return this; }
        Builder chainId(long value) { chainId = value; return this; }
        Builder nonce(String value) { nonce = value; return this; }
        Builder issuedAt(Instant value) { issuedAt = value; return this; }
        Builder expirationTime(Instant value) { expirationTime = value; return this; }
        Builder notBefore(Instant value) { notBefore = value; return this; }

        String text() {
            return new SiweMessage(scheme, domain, address, Optional.of("Sign in to Restitution."), uri, chainId, nonce, issuedAt,
                    Optional.ofNullable(expirationTime), Optional.ofNullable(notBefore), Optional.empty(), List.of()).text();
        }
    }
}

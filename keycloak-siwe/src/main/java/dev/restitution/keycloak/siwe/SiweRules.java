package dev.restitution.keycloak.siwe;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a signed EIP-4361 message must say for the realm to accept it: this Keycloak's host and realm, the configured
 * chain, the nonce the authentication session handed out, a short life that has begun and not ended, and a signature
 * by the key of the address it names.
 *
 * @param domain the authority of the page that asks for the signature (Keycloak's host and port)
 * @param uri the URI of the realm being signed in to
 * @param chainId the EIP-155 chain the realm accepts
 * @param clockSkew how far in the future an issued-at (or not-before) may lie, for wallets whose clock runs ahead
 * @param maxLifetime the longest span from issued-at to expiration the realm accepts
 */
public record SiweRules(String domain, String uri, long chainId, Duration clockSkew, Duration maxLifetime) {

    /** Why a message is refused; {@link #messageKey()} names the text the sign-in page shows. */
    public enum Refusal {
        MALFORMED("siweMalformed"),
        WRONG_DOMAIN("siweWrongDomain"),
        WRONG_URI("siweWrongUri"),
        WRONG_CHAIN("siweWrongChain"),
        WRONG_NONCE("siweWrongNonce"),
        ISSUED_IN_THE_FUTURE("siweIssuedInTheFuture"),
        NO_EXPIRATION("siweNoExpiration"),
        EXPIRED("siweExpired"),
        LIFETIME_TOO_LONG("siweLifetimeTooLong"),
        NOT_YET_VALID("siweNotYetValid"),
        BAD_SIGNATURE("siweBadSignature"),
        SIGNED_BY_ANOTHER_KEY("siweSignedByAnotherKey");

        private final String messageKey;

        Refusal(String messageKey) {
            this.messageKey = messageKey;
        }

        public String messageKey() {
            return messageKey;
        }
    }

    public SiweRules {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(uri, "uri");
        if (chainId <= 0) {
            throw new IllegalArgumentException("chainId must be positive");
        }
        if (clockSkew.isNegative() || maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("clockSkew must not be negative and maxLifetime must be positive");
        }
    }

    /**
     * Checks the message text and its signature; {@code expectedNonce} is the session's nonce (empty when the session
     * has none, for instance because an earlier attempt used it). Returns the signer's EIP-55 address, or the refusal.
     */
    public Outcome check(String text, String signature, Optional<String> expectedNonce, Instant now) {
        SiweMessage message;
        try {
            message = SiweMessage.parse(text);
        } catch (SiweMessage.MalformedMessage malformed) {
            return Outcome.refused(Refusal.MALFORMED, malformed.getMessage());
        }
        Optional<Refusal> refusal = refusal(message, expectedNonce, now);
        if (refusal.isPresent()) {
            return Outcome.refused(refusal.get(), refusal.get().name());
        }
        Optional<String> signer = PersonalSignature.recoverSigner(text, signature);
        if (signer.isEmpty()) {
            return Outcome.refused(Refusal.BAD_SIGNATURE, "the signature is malformed or recovers no key");
        }
        if (!signer.get().equals(message.address())) {
            return Outcome.refused(Refusal.SIGNED_BY_ANOTHER_KEY, "signed by " + signer.get() + ", not by " + message.address());
        }
        return Outcome.accepted(message);
    }

    private Optional<Refusal> refusal(SiweMessage message, Optional<String> expectedNonce, Instant now) {
        if (!domain.equals(message.domain()) || message.scheme().isPresent() && !uri.startsWith(message.scheme().get() + "://")) {
            return Optional.of(Refusal.WRONG_DOMAIN);
        }
        if (!uri.equals(message.uri())) {
            return Optional.of(Refusal.WRONG_URI);
        }
        if (chainId != message.chainId()) {
            return Optional.of(Refusal.WRONG_CHAIN);
        }
        if (expectedNonce.isEmpty() || !expectedNonce.get().equals(message.nonce())) {
            return Optional.of(Refusal.WRONG_NONCE);
        }
        Instant latestAcceptable = now.plus(clockSkew);
        if (message.issuedAt().isAfter(latestAcceptable)) {
            return Optional.of(Refusal.ISSUED_IN_THE_FUTURE);
        }
        if (message.expirationTime().isEmpty()) {
            return Optional.of(Refusal.NO_EXPIRATION);
        }
        Instant expiration = message.expirationTime().get();
        if (!expiration.isAfter(now)) {
            return Optional.of(Refusal.EXPIRED);
        }
        if (Duration.between(message.issuedAt(), expiration).compareTo(maxLifetime) > 0) {
            return Optional.of(Refusal.LIFETIME_TOO_LONG);
        }
        if (message.notBefore().isPresent() && message.notBefore().get().isAfter(latestAcceptable)) {
            return Optional.of(Refusal.NOT_YET_VALID);
        }
        return Optional.empty();
    }

    /** Either the accepted message (its address signed it) or a refusal with a detail for the log. */
    public record Outcome(Optional<SiweMessage> accepted, Optional<Refusal> refusal, String detail) {

        static Outcome accepted(SiweMessage message) {
            return new Outcome(Optional.of(message), Optional.empty(), "accepted");
        }

        static Outcome refused(Refusal refusal, String detail) {
            return new Outcome(Optional.empty(), Optional.of(refusal), detail);
        }
    }
}

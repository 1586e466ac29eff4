package dev.restitution.keycloak.siwe;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Sign-In with Ethereum. The page first asks the browser wallet for its address; the authenticator answers with the
 * EIP-4361 message to sign (Keycloak's host as domain, the realm's URL as URI, the configured chain, the session's
 * nonce, issued now, expiring in {@link #MESSAGE_LIFETIME}); the page has the wallet {@code personal_sign} it and posts
 * message and signature. The posted message is parsed and checked on its own ({@link SiweRules}): nothing the page
 * says is trusted. The nonce is taken out of the session before any check, so each nonce serves one attempt; every
 * refusal shows the page again with the reason and a fresh nonce, and signs nobody in.
 */
final class SiweAuthenticator implements Authenticator {

    static final String NONCE_NOTE = "restitution.siwe.nonce";
    static final String TEMPLATE = "login-siwe.ftl";
    /** How long the message the page gets to sign stays valid: enough to read it in the wallet. */
    static final Duration MESSAGE_LIFETIME = Duration.ofMinutes(5);
    /** The longest validity a posted message may claim. */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(10);
    /** A wallet's clock may run this far ahead of Keycloak's. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    private static final int NONCE_BYTES = 16;
    private static final String STATEMENT = "Sign in to Restitution with this address.";
    private static final Logger LOG = Logger.getLogger(SiweAuthenticator.class);

    private final SecureRandom random;
    private final Clock clock;

    SiweAuthenticator(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        context.challenge(connectPage(context, Optional.empty()));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String signature = form.getFirst("signature");
        if (signature != null) {
            verify(context, form.getFirst("message"), signature);
            return;
        }
        String address = form.getFirst("address");
        if (!Eip55.isAddress(address)) {
            refuse(context, "siweNoAddress", "the wallet gave no address");
            return;
        }
        Optional<Long> chainId = chainId(context);
        String nonce = context.getAuthenticationSession().getAuthNote(NONCE_NOTE);
        if (chainId.isEmpty() || nonce == null) {
            refuse(context, chainId.isEmpty() ? "siweNotConfigured" : "siweWrongNonce", "no chain id configured or no nonce");
            return;
        }
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        SiweMessage message = new SiweMessage(Optional.empty(), domain(context.getSession()), Eip55.checksummed(address),
                Optional.of(STATEMENT), realmUri(context.getSession(), context.getRealm()), chainId.get(), nonce, issuedAt,
                Optional.of(issuedAt.plus(MESSAGE_LIFETIME)), Optional.empty(), Optional.empty(), List.of());
        context.challenge(context.form()
                .setAttribute("siweStep", "sign")
                .setAttribute("siweAddress", message.address())
                .setAttribute("siweMessage", message.text())
                .createForm(TEMPLATE));
    }

    private void verify(AuthenticationFlowContext context, String text, String signature) {
        // Single use: the nonce leaves the session before anything is checked, whatever the outcome.
        Optional<String> nonce = Optional.ofNullable(context.getAuthenticationSession().getAuthNote(NONCE_NOTE));
        context.getAuthenticationSession().removeAuthNote(NONCE_NOTE);
        Optional<Long> chainId = chainId(context);
        if (chainId.isEmpty()) {
            refuse(context, "siweNotConfigured", "the authenticator has no chain id configured");
            return;
        }
        SiweRules rules = new SiweRules(domain(context.getSession()), realmUri(context.getSession(), context.getRealm()),
                chainId.get(), CLOCK_SKEW, MAX_LIFETIME);
        SiweRules.Outcome outcome = rules.check(asSigned(text), signature, nonce, clock.instant());
        if (outcome.refusal().isPresent()) {
            refuse(context, outcome.refusal().get().messageKey(), outcome.detail());
            return;
        }
        String address = outcome.accepted().orElseThrow().address();
        Optional<UserModel> user = WalletAccounts.findOrCreate(context.getSession(), context.getRealm(), address);
        if (user.isEmpty()) {
            refuse(context, "siweNotAWalletAccount", address + " names a user that is not a wallet claimant");
            return;
        }
        context.getEvent().detail("siwe_address", address);
        context.setUser(user.get());
        context.success();
    }

    /**
     * The text as the wallet signed it: an HTML form posts every line break as CR LF (the form encoding's rule),
     * while the page had the wallet sign the message with line feeds. Only CR LF pairs are undone; a lone CR stays
     * and the parser refuses it.
     */
    static String asSigned(String posted) {
        return posted == null ? "" : posted.replace("\r\n", "\n");
    }

    private void refuse(AuthenticationFlowContext context, String messageKey, String detail) {
        LOG.debugf("wallet sign-in refused (%s): %s", messageKey, detail);
        context.getEvent().detail("siwe_refusal", messageKey);
        context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, connectPage(context, Optional.of(messageKey)));
    }

    /** The first page, with a fresh nonce in the session (replacing any earlier one). */
    private Response connectPage(AuthenticationFlowContext context, Optional<String> errorKey) {
        byte[] bytes = new byte[NONCE_BYTES];
        random.nextBytes(bytes);
        context.getAuthenticationSession().setAuthNote(NONCE_NOTE, HexFormat.of().formatHex(bytes));
        var form = context.form().setAttribute("siweStep", "connect");
        errorKey.ifPresent(form::setError);
        return form.createForm(TEMPLATE);
    }

    private static Optional<Long> chainId(AuthenticationFlowContext context) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        String value = config == null ? null : config.getConfig().get(SiweAuthenticatorFactory.CHAIN_ID);
        try {
            long chainId = value == null ? 0 : Long.parseLong(value.strip());
            return chainId > 0 ? Optional.of(chainId) : Optional.empty();
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }

    /**
     * The authority of Keycloak's front-end URL: the page the wallet sees asks for the signature, and wallets warn
     * when a message names another domain than the page's. Keycloak derives it from its configured hostname, not
     * from the request's Host header.
     */
    static String domain(KeycloakSession session) {
        return session.getContext().getUri().getBaseUri().getRawAuthority();
    }

    /** The realm's URL (the token issuer), which the message names as what the sign-in is for. */
    static String realmUri(KeycloakSession session, RealmModel realm) {
        String base = session.getContext().getUri().getBaseUri().toString();
        return (base.endsWith("/") ? base : base + "/") + "realms/" + realm.getName();
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // A wallet needs no set-up: holding the key is the credential.
    }

    @Override
    public void close() {
        // Stateless: nothing to release.
    }
}

package dev.restitution.portal.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.restitution.portal.PortalConfig;
import io.quarkus.oidc.SecurityEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Makes a copy of a session cookie useless once its session signed out.
 *
 * <p>The session lives in the encrypted cookie, not on the server, so the cookie a browser held before signing out
 * still decrypts. Two things end it:
 * <ul>
 * <li>On the instance that signed the person out, at once: the Keycloak session id ({@code sid} of the ID token, the
 * same in every cookie of that session, refreshed or not) is remembered, and a request presenting it fails
 * authentication, which sends the browser to Keycloak's login.</li>
 * <li>On every other instance, within the portal client's token lifespan (60 s in the realm): the ID token is then
 * about to expire, so the portal refreshes the tokens, and Keycloak refuses the refresh of an ended session.</li>
 * </ul>
 * Keycloak's back-channel logout was not chosen: it calls one URL, which behind a load balancer reaches one instance,
 * so the others would still need either shared state or the short lifespan that suffices on its own.
 */
@ApplicationScoped
public class SignedOutSessions implements SecurityIdentityAugmentor {

    private static final Logger LOG = Logger.getLogger(SignedOutSessions.class);
    private static final String SESSION_ID_CLAIM = "sid";

    private final Cache<String, Boolean> signedOut;

    public SignedOutSessions(PortalConfig config) {
        this.signedOut = Caffeine.newBuilder()
                .expireAfterWrite(config.signOut().refuseCookiesFor())
                .maximumSize(config.signOut().maxRemembered())
                .build();
    }

    /** The OIDC logout path fires this as it clears the cookie and sends the browser to Keycloak's logout. */
    void remember(@Observes SecurityEvent event) {
        if (event.getEventType() != SecurityEvent.Type.OIDC_LOGOUT_RP_INITIATED) {
            return;
        }
        Optional<String> sessionId = sessionId(event.getSecurityIdentity());
        if (sessionId.isEmpty()) {
            // Keycloak names the session in every ID token; without it only the token lifespan ends this session.
            LOG.warn("a session signed out without a session id in its ID token; its cookie ends with its tokens");
            return;
        }
        signedOut.put(sessionId.get(), Boolean.TRUE);
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (sessionId(identity).map(id -> signedOut.getIfPresent(id) != null).orElse(false)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the session of this cookie was signed out"));
        }
        return Uni.createFrom().item(identity);
    }

    private static Optional<String> sessionId(SecurityIdentity identity) {
        if (identity == null || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Optional.empty();
        }
        return Optional.ofNullable(token.<String>getClaim(SESSION_ID_CLAIM));
    }
}

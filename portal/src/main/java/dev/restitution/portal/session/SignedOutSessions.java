package dev.restitution.portal.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.restitution.portal.PortalConfig;
import io.quarkus.oidc.SecurityEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.AuthenticationRedirectException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
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
 * A refused page request of a browser (it accepts text/html and is no script's call) is sent back to the page it
 * asked for (303) with the dead session cookie expired, so the portal's sign-in takes it to Keycloak's login; a
 * script's or an API client's request gets 401, as before.
 *
 * <p>Keycloak's back-channel logout was not chosen: it calls one URL, which behind a load balancer reaches one instance,
 * so the others would still need either shared state or the short lifespan that suffices on its own.
 */
@ApplicationScoped
public class SignedOutSessions implements SecurityIdentityAugmentor {

    private static final Logger LOG = Logger.getLogger(SignedOutSessions.class);
    private static final String SESSION_ID_CLAIM = "sid";
    /** The OIDC session cookie and its chunks (q_session_chunk_1, ...) when it is too large for one cookie. */
    private static final String SESSION_COOKIE_PREFIX = "q_session";

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
            RoutingContext request = HttpSecurityUtils.getRoutingContextAttribute(identity);
            if (request != null && isPageRequest(request)) {
                expireSessionCookies(request);
                return Uni.createFrom().failure(new AuthenticationRedirectException(303, pageToReturnTo(request)));
            }
            return Uni.createFrom().failure(new AuthenticationFailedException("the session of this cookie was signed out"));
        }
        return Uni.createFrom().item(identity);
    }

    /** A browser loading a page: it accepts HTML and the request is not a script's (XMLHttpRequest, fetch). */
    static boolean isPageRequest(RoutingContext request) {
        String accept = request.request().getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("text/html")
                && !"XMLHttpRequest".equalsIgnoreCase(request.request().getHeader("X-Requested-With"))
                && !"cors".equalsIgnoreCase(request.request().getHeader("Sec-Fetch-Mode"));
    }

    /**
     * The page asked for when it was a GET (the start page otherwise, a form's POST is not repeated), always a path of
     * this portal: never a protocol-relative or backslashed one another site could hide behind.
     */
    static String pageToReturnTo(RoutingContext request) {
        String uri = request.request().uri();
        boolean read = request.request().method() == HttpMethod.GET || request.request().method() == HttpMethod.HEAD;
        boolean ownPath = uri != null && uri.startsWith("/") && !uri.startsWith("//") && uri.indexOf('\\') < 0;
        return read && ownPath ? uri : "/";
    }

    private static void expireSessionCookies(RoutingContext request) {
        for (Cookie cookie : request.request().cookies()) {
            if (cookie.getName().startsWith(SESSION_COOKIE_PREFIX)) {
                request.response().addCookie(Cookie.cookie(cookie.getName(), "").setPath("/").setMaxAge(0)
                        .setHttpOnly(true).setSecure(request.request().isSSL()).setSameSite(CookieSameSite.LAX));
            }
        }
    }

    private static Optional<String> sessionId(SecurityIdentity identity) {
        if (identity == null || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Optional.empty();
        }
        return Optional.ofNullable(token.<String>getClaim(SESSION_ID_CLAIM));
    }
}

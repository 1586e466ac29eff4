package dev.restitution.portal.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends the browser's safety headers on every response of the portal: pages, error pages, static files,
 * vendored scripts and the redirects to and from Keycloak. They are set from the very first route and again
 * just before the headers leave, so no later handler (the OIDC mechanism, the static file handler, an error
 * handler) can drop them.
 *
 * <p>The content security policy admits only the portal's own scripts and styles: no inline script, no inline
 * handler, no eval (htmx is told not to use it and not to inject its indicator style). Forms post to the portal
 * itself, and its sign-out redirects on to Keycloak's logout endpoint, which a form's redirect chain must be
 * allowed to reach. No other site may frame the portal. Scripts connect to the portal only, except on the verifier
 * page, which connects only to the RPC its user named ({@link #allowConnectionsOnlyTo}).
 */
@ApplicationScoped
public class SecurityHeaders {

    /** Runs before every route Quarkus and the portal install. */
    static final int FIRST_ROUTE = Integer.MIN_VALUE;

    static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";
    /** Where a route keeps the one origin its page may connect to. */
    private static final String CONNECT_SOURCE = SecurityHeaders.class.getName() + ".connect-src";

    private final String identityProviderOrigin;
    private final Map<String, String> headers;

    public SecurityHeaders(@ConfigProperty(name = "quarkus.oidc.auth-server-url") String authServerUrl) {
        this.identityProviderOrigin = origin(URI.create(authServerUrl));
        this.headers = headers(identityProviderOrigin);
    }

    void install(@Observes Router router) {
        router.route().order(FIRST_ROUTE).handler(context -> {
            headers.forEach(context.response().headers()::set);
            context.addHeadersEndHandler(ignored -> {
                headers.forEach(context.response().headers()::set);
                String connectSource = context.get(CONNECT_SOURCE);
                if (connectSource != null) {
                    context.response().headers().set(CONTENT_SECURITY_POLICY, policy(identityProviderOrigin, connectSource));
                }
            });
            context.next();
        });
    }

    /**
     * This response's pages may connect to {@code connectSource} only (an origin, or {@code 'none'}) instead of the
     * portal itself: the verifier page talks to the RPC its user named and to nothing else, not even the portal.
     */
    public static void allowConnectionsOnlyTo(RoutingContext context, String connectSource) {
        if (!connectSource.equals("'none'") && !connectSource.matches("^https?://[^\\s;,'*]+$")) {
            throw new IllegalArgumentException("not an origin a policy may name: " + connectSource);
        }
        context.put(CONNECT_SOURCE, connectSource);
    }

    /** The headers and their values, in the order they are sent. */
    public Map<String, String> headers() {
        return headers;
    }

    static Map<String, String> headers(String identityProviderOrigin) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CONTENT_SECURITY_POLICY, policy(identityProviderOrigin, "'self'"));
        headers.put("X-Content-Type-Options", "nosniff");
        // Another site never learns which portal page (an incident or claim id in its address) a link was followed from.
        headers.put("Referrer-Policy", "same-origin");
        // The portal uses none of these; a script that got in anyway cannot reach them either.
        headers.put("Permissions-Policy", String.join(", ",
                "camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "display-capture=()"));
        return Collections.unmodifiableMap(headers);
    }

    static String policy(String identityProviderOrigin, String connectSource) {
        return String.join("; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self'",
                "connect-src " + connectSource,
                "form-action 'self' " + identityProviderOrigin,
                "frame-ancestors 'none'",
                "base-uri 'none'",
                "object-src 'none'");
    }

    private static String origin(URI url) {
        if (url.getScheme() == null || url.getHost() == null) {
            throw new IllegalArgumentException("quarkus.oidc.auth-server-url is no absolute URL: " + url);
        }
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }
}

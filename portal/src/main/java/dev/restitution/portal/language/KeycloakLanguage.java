package dev.restitution.portal.language;

import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.OidcRedirectFilter;
import io.quarkus.oidc.Redirect;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Asks Keycloak to show its sign-in pages in the portal's language (OpenID Connect's {@code ui_locales}), chosen the
 * same way as for the portal's own pages. Keycloak follows it where the realm has that locale enabled.
 */
// The OIDC extension looks redirect filters up at run time; nothing injects this bean, so it must not be removed.
@Unremovable
@ApplicationScoped
@Redirect(Redirect.Location.OIDC_AUTHORIZATION)
public class KeycloakLanguage implements OidcRedirectFilter {

    static final String UI_LOCALES = "ui_locales";

    @Override
    public void filter(OidcRedirectContext context) {
        RoutingContext routing = context.routingContext();
        Cookie cookie = routing.request().getCookie(LanguageChoice.COOKIE);
        PortalLanguage language = LanguageChoice.choose(cookie == null ? null : cookie.getValue(),
                routing.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        context.additionalQueryParams().set(UI_LOCALES, language.tag());
    }
}

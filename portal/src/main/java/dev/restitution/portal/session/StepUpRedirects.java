package dev.restitution.portal.session;

import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.OidcRedirectFilter;
import io.quarkus.oidc.Redirect;
import io.vertx.core.http.Cookie;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the portal adds to its redirects to Keycloak's sign-in after a service asked for a step-up ({@link StepUpPage}
 * set the cookie {@value #STEP_UP_COOKIE} to the maximum age in seconds): the request for the mfa level
 * ({@code acr_values=mfa}, {@code max_age}). The language goes with every redirect too (KeycloakLanguage).
 */
// The OIDC extension looks redirect filters up at run time; nothing injects this bean, so it must not be removed.
@Unremovable
@ApplicationScoped
@Redirect(Redirect.Location.OIDC_AUTHORIZATION)
public class StepUpRedirects implements OidcRedirectFilter {

    static final String STEP_UP_COOKIE = "restitution-step-up";
    private static final int MAX_AGE_DIGITS = 6;

    @Override
    public void filter(OidcRedirectContext context) {
        Cookie stepUp = context.routingContext().request().getCookie(STEP_UP_COOKIE);
        if (stepUp != null && stepUp.getValue().matches("^[1-9][0-9]{0," + (MAX_AGE_DIGITS - 1) + "}$")) {
            context.additionalQueryParams().set("acr_values", "mfa");
            context.additionalQueryParams().set("max_age", stepUp.getValue());
        }
    }
}

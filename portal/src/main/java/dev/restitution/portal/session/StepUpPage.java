package dev.restitution.portal.session;

import dev.restitution.contracts.claims.client.LimitsApi;
import dev.restitution.portal.language.ReturnPaths;
import dev.restitution.portal.web.ServiceCalls;
import io.quarkus.oidc.OidcSession;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Step-up: a service refused an action with {@code step-up-required} (submitting a claim, replacing a payout
 * address). The portal ends its own session (not Keycloak's), marks the next sign-in as a step-up and sends the
 * browser back to the page of the action; that page needs a session, so the browser goes to Keycloak asking for the
 * mfa level ({@link StepUpRedirects}): Keycloak asks for a TOTP code, or has the person enrol one first. Back on the
 * page, the person repeats the action with a token that carries it.
 */
@Path("/step-up")
@Blocking
public class StepUpPage {

    /** The mark lives only as long as a sign-in takes. */
    private static final Duration MARK_LIFETIME = Duration.ofMinutes(5);

    private final OidcSession session;
    private final LimitsApi limits;

    public StepUpPage(OidcSession session, @RestClient LimitsApi limits) {
        this.session = session;
        this.limits = limits;
    }

    @GET
    public Response stepUp(@RestQuery("return") String returnTo) {
        String target = ReturnPaths.safeReturnPath(returnTo);
        long maxAge = ServiceCalls.claims(limits::getLimits).getStepUpMaxAgeSeconds();
        session.logout().await().atMost(Duration.ofSeconds(5));
        NewCookie mark = new NewCookie.Builder(StepUpRedirects.STEP_UP_COOKIE).value(Long.toString(maxAge)).path("/")
                .maxAge((int) MARK_LIFETIME.toSeconds()).httpOnly(true).sameSite(NewCookie.SameSite.LAX).build();
        return Response.seeOther(URI.create(target)).cookie(mark).build();
    }
}

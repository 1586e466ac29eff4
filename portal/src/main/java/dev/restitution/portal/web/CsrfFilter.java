package dev.restitution.portal.web;

import io.quarkus.oidc.IdToken;
import io.quarkus.qute.Template;
import dev.restitution.portal.language.RequestLanguage;
import io.quarkus.qute.Location;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Refuses every state-changing request (anything but GET, HEAD, OPTIONS) whose form field
 * {@value CsrfTokens#FORM_FIELD} or header {@value CsrfTokens#HEADER} does not carry the session's token:
 * 403 with a page saying what happened, and nothing is sent to any service.
 */
public class CsrfFilter {

    private static final Logger LOG = Logger.getLogger(CsrfFilter.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    CsrfTokens tokens;

    @Inject
    @IdToken
    JsonWebToken idToken;

    @Inject
    @Location("error.html")
    Template error;

    @Inject
    RequestLanguage language;

    @WithFormRead
    @ServerRequestFilter
    public Response requireFormToken(ResteasyReactiveContainerRequestContext request) {
        if (SAFE_METHODS.contains(request.getMethod())) {
            return null;
        }
        String presented = request.getHeaderString(CsrfTokens.HEADER);
        if (presented == null) {
            Object field = ((ResteasyReactiveRequestContext) request.getServerRequestContext())
                    .getFormParameter(CsrfTokens.FORM_FIELD, true, false);
            presented = field == null ? null : field.toString();
        }
        if (idToken.getRawToken() != null && tokens.matches(idToken, presented)) {
            return null;
        }
        LOG.warnf("refused a %s to %s: its form token is %s", request.getMethod(), request.getUriInfo().getPath(),
                presented == null ? "missing" : "wrong");
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_HTML_TYPE)
                .entity(error.data("status", 403).data("heading", language.messages().errorCsrf())
                        .data("detail", language.messages().errorCsrfText())
                        .data("problemType", "csrf").render())
                .build();
    }
}

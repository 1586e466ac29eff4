package dev.restitution.portal.web;

import dev.restitution.portal.language.LanguageChoice;
import dev.restitution.portal.language.PortalLanguage;
import dev.restitution.portal.language.ReturnPaths;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The language switcher: remembers the chosen language in the {@value LanguageChoice#COOKIE} cookie for a year and
 * goes back to the page it was chosen on. Open to everyone (the public transparency pages switch too); a language
 * choice changes nothing on any service, so a plain link does it.
 */
@Path(ReturnPaths.SWITCH_PATH)
public class LanguageSwitch {

    static final Duration REMEMBERED_FOR = Duration.ofDays(365);

    private final HttpServerRequest request;

    public LanguageSwitch(HttpServerRequest request) {
        this.request = request;
    }

    @GET
    public Response choose(@RestQuery("lang") String tag, @RestQuery("return") String returnPath) {
        PortalLanguage language = PortalLanguage.byTag(tag).orElseThrow(() -> new FormRejected(FormProblem.UNKNOWN_LANGUAGE,
                Map.of("languages", String.join(", ", PortalLanguage.all().stream().map(PortalLanguage::tag).toList()))));
        NewCookie cookie = new NewCookie.Builder(LanguageChoice.COOKIE).value(language.tag()).path("/")
                .maxAge((int) REMEMBERED_FOR.toSeconds()).httpOnly(true).secure(request.isSSL())
                .sameSite(NewCookie.SameSite.LAX).build();
        return Response.seeOther(URI.create(ReturnPaths.safeReturnPath(returnPath))).cookie(cookie).build();
    }
}

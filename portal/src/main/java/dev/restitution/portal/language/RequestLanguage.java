package dev.restitution.portal.language;

import io.quarkus.qute.TemplateData;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The language of the current request ({@link LanguageChoice}) as pages see it: templates reach it as
 * {@code inject:language} (the {@code <html lang>} and the language switcher), Java code asks it for the message
 * bundle in that language.
 */
@RequestScoped
@Named("language")
public class RequestLanguage {

    /** A link of the language switcher: the language, the address that switches to it and back here, whether it is in use. */
    @TemplateData
    public record Option(String tag, String nativeName, String href, boolean current) {
    }

    private final CurrentVertxRequest current;
    private PortalLanguage chosen;

    public RequestLanguage(CurrentVertxRequest current) {
        this.current = current;
    }

    /** The request's language; English when there is no HTTP request (a page rendered by a test or a job). */
    public PortalLanguage get() {
        if (chosen == null) {
            HttpServerRequest request = request();
            if (request == null) {
                return PortalLanguage.DEFAULT;
            }
            Cookie cookie = request.getCookie(LanguageChoice.COOKIE);
            chosen = LanguageChoice.choose(cookie == null ? null : cookie.getValue(), request.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        }
        return chosen;
    }

    private HttpServerRequest request() {
        RoutingContext routing = current.getCurrent();
        return routing == null ? null : routing.request();
    }

    public String getTag() {
        return get().tag();
    }

    /** The switcher's links; each comes back to this page (a page reached by a form comes back to the start page). */
    public List<Option> getOptions() {
        HttpServerRequest request = request();
        String back = request != null && "GET".equals(request.method().name()) ? ReturnPaths.safeReturnPath(request.uri()) : "/";
        String encodedBack = URLEncoder.encode(back, StandardCharsets.UTF_8);
        return PortalLanguage.all().stream().map(language -> new Option(language.tag(), language.nativeName(),
                ReturnPaths.SWITCH_PATH + "?lang=" + language.tag() + "&return=" + encodedBack, language == get())).toList();
    }

    /** The portal's messages in this request's language. */
    public Messages messages() {
        return messages(get());
    }

    public static Messages messages(PortalLanguage language) {
        return language == PortalLanguage.DEFAULT ? MessageBundles.get(Messages.class)
                : MessageBundles.get(Messages.class, Localized.Literal.of(language.tag()));
    }
}

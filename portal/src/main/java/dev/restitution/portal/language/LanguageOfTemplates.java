package dev.restitution.portal.language;

import io.quarkus.arc.Arc;
import io.quarkus.qute.EngineBuilder;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Gives every template rendered for a request the request's language as its {@code locale} attribute: the message
 * bundle ({@code msg:}) and the amount and time displays read it. Error pages rendered directly by filters get it too.
 */
@Singleton
public class LanguageOfTemplates implements TemplateInstance.Initializer {

    private final RequestLanguage language;

    public LanguageOfTemplates(RequestLanguage language) {
        this.language = language;
    }

    /** Quarkus fires the engine's builder as an event before building it: this is how the initializer joins the engine. */
    void register(@Observes EngineBuilder builder) {
        builder.addTemplateInstanceInitializer(this);
    }

    @Override
    public void accept(TemplateInstance instance) {
        if (Arc.container().requestContext().isActive()) {
            instance.setLocale(language.get().locale());
        }
    }
}

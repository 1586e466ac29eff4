package dev.restitution.portal.language;

import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateInstance;
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

    @Override
    public void accept(TemplateInstance instance) {
        if (Arc.container().requestContext().isActive()) {
            instance.setLocale(language.get().locale());
        }
    }
}

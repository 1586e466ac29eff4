package dev.restitution.portal.language;

import io.quarkus.arc.Arc;
import io.quarkus.arc.Unremovable;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Singleton;

/**
 * Gives every template rendered for a request the request's language as its {@code locale} attribute: the message
 * bundle ({@code msg:}) and the amount and time displays read it. Error pages rendered directly by filters get it too.
 */
// Qute looks initializers up at start-up; nothing injects this bean, so it must not be removed as unused.
@Unremovable
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

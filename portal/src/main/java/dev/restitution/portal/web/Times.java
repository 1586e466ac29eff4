package dev.restitution.portal.web;

import dev.restitution.portal.language.PortalLanguage;
import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateExtension.TemplateAttribute;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Display of instants: {@code {claim.submittedAt.display}} is {@code 2026-12-06 07:32:49 UTC}, to the second and in
 * UTC for everyone, so staff in different places quote the same time; the services keep the full precision. The
 * date is written the page's language's way ({@code 2026年12月6日 07:32:49 UTC}, {@code 6 dic 2026, 07:32:49 UTC}),
 * always with its zone.
 */
public final class Times {

    private Times() {
    }

    @TemplateExtension
    static String display(OffsetDateTime instant, @TemplateAttribute("locale") Object locale) {
        return display(instant, PortalLanguage.of(locale));
    }

    public static String display(OffsetDateTime instant, PortalLanguage language) {
        return language.instants().format(instant.withOffsetSameInstant(ZoneOffset.UTC));
    }

    /** An instant the services send as ISO-8601 text (audit entries keep it as written), shown the same way. */
    @TemplateExtension
    static String display(String isoInstant, @TemplateAttribute("locale") Object locale) {
        return display(OffsetDateTime.parse(isoInstant), PortalLanguage.of(locale));
    }
}

package dev.restitution.portal.web;

import io.quarkus.qute.TemplateExtension;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Display of instants: {@code {claim.submittedAt.display}} is {@code 2026-12-06 07:32:49 UTC}, to the second and in
 * UTC for everyone, so staff in different places quote the same time; the services keep the full precision.
 */
@TemplateExtension
public final class Times {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'");

    private Times() {
    }

    static String display(OffsetDateTime instant) {
        return SHOWN.format(instant.withOffsetSameInstant(ZoneOffset.UTC));
    }

    /** An instant the services send as ISO-8601 text (audit entries keep it as written), shown the same way. */
    static String display(String isoInstant) {
        return display(OffsetDateTime.parse(isoInstant));
    }
}

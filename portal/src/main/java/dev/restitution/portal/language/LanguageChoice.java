package dev.restitution.portal.language;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which language a request is answered in: the person's own choice (the {@value #COOKIE} cookie the language switcher
 * sets), else the best match of the browser's Accept-Language among the portal's languages, else English. Pure, so the
 * rule is proven without a server.
 */
public final class LanguageChoice {

    public static final String COOKIE = "restitution-lang";
    /** Longer Accept-Language headers are not parsed (a browser sends a few dozen characters). */
    static final int MAX_ACCEPT_LANGUAGE_LENGTH = 1000;

    private LanguageChoice() {
    }

    public static PortalLanguage choose(String cookie, String acceptLanguage) {
        return PortalLanguage.byTag(cookie).or(() -> fromAcceptLanguage(acceptLanguage)).orElse(PortalLanguage.DEFAULT);
    }

    /**
     * The first range, by the browser's weights, whose primary language the portal speaks: {@code es-MX} and
     * {@code es-419} are Spanish; every Chinese range ({@code zh}, {@code zh-CN}, {@code zh-TW}, {@code zh-Hant}) is
     * Simplified Chinese, since a reader of Traditional Chinese reads it far better than English; {@code *} is
     * English. A malformed header counts as absent.
     */
    static Optional<PortalLanguage> fromAcceptLanguage(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > MAX_ACCEPT_LANGUAGE_LENGTH) {
            return Optional.empty();
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(acceptLanguage);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        return ranges.stream().filter(range -> range.getWeight() > 0).map(range -> primary(range.getRange()))
                .flatMap(Optional::stream).findFirst();
    }

    private static Optional<PortalLanguage> primary(String range) {
        String language = range.split("-", 2)[0].toLowerCase(Locale.ROOT);
        return switch (language) {
            case "en", "*" -> Optional.of(PortalLanguage.ENGLISH);
            case "zh" -> Optional.of(PortalLanguage.SIMPLIFIED_CHINESE);
            case "es" -> Optional.of(PortalLanguage.SPANISH);
            default -> Optional.empty();
        };
    }
}

package dev.restitution.claims.notification.domain;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages mails are written in, and which one a claimant gets: their own preference, else the locale their
 * Keycloak account carries (user attribute {@code locale}), else English.
 */
public final class Languages {

    public static final String ENGLISH = "en";
    public static final List<String> SUPPORTED = List.of(ENGLISH, "zh-CN", "es");

    private Languages() {
    }

    public static boolean supported(String tag) {
        return SUPPORTED.contains(tag);
    }

    /** The claimant's language: preference, else Keycloak locale (matched on its language: "es-MX" is es, "zh" zh-CN). */
    public static String of(Optional<String> preference, Optional<String> keycloakLocale) {
        if (preference.isPresent() && supported(preference.get())) {
            return preference.get();
        }
        return keycloakLocale.flatMap(Languages::closest).orElse(ENGLISH);
    }

    static Optional<String> closest(String tag) {
        Locale locale = Locale.forLanguageTag(tag.replace('_', '-'));
        return SUPPORTED.stream()
                .filter(supported -> Locale.forLanguageTag(supported).getLanguage().equals(locale.getLanguage()))
                .findFirst();
    }

    public static Locale locale(String tag) {
        if (!supported(tag)) {
            throw new IllegalArgumentException("unsupported language " + tag + "; supported are " + SUPPORTED);
        }
        return Locale.forLanguageTag(tag);
    }
}

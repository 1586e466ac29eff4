package dev.restitution.portal.language;

import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages the portal speaks, with how each writes numbers and instants. English is the default. Number
 * symbols follow CLDR (Spanish groups with a period and writes a decimal comma, and groups only from five digits
 * on: 1234,5 but 12.345,5); they are fixed here rather than read from the JDK so a display never changes with the
 * JDK's locale data.
 */
public enum PortalLanguage {

    ENGLISH("en", "English", ',', '.', 1, DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'", Locale.ENGLISH)),
    SIMPLIFIED_CHINESE("zh-CN", "简体中文", ',', '.', 1,
            DateTimeFormatter.ofPattern("uuuu年M月d日 HH:mm:ss 'UTC'", Locale.SIMPLIFIED_CHINESE)),
    SPANISH("es", "Español", '.', ',', 2,
            DateTimeFormatter.ofPattern("d MMM uuuu, HH:mm:ss 'UTC'", Locale.forLanguageTag("es")));

    public static final PortalLanguage DEFAULT = ENGLISH;

    private final String tag;
    private final String nativeName;
    private final char groupingSeparator;
    private final char decimalSeparator;
    private final int minimumGroupingDigits;
    private final DateTimeFormatter instants;

    PortalLanguage(String tag, String nativeName, char groupingSeparator, char decimalSeparator, int minimumGroupingDigits,
            DateTimeFormatter instants) {
        this.tag = tag;
        this.nativeName = nativeName;
        this.groupingSeparator = groupingSeparator;
        this.decimalSeparator = decimalSeparator;
        this.minimumGroupingDigits = minimumGroupingDigits;
        this.instants = instants;
    }

    /** The IETF language tag: the value of {@code <html lang>}, of the cookie, of Keycloak's ui_locales. */
    public String tag() {
        return tag;
    }

    /** The language's name in itself, as the language switcher shows it. */
    public String nativeName() {
        return nativeName;
    }

    public Locale locale() {
        return Locale.forLanguageTag(tag);
    }

    public char groupingSeparator() {
        return groupingSeparator;
    }

    public char decimalSeparator() {
        return decimalSeparator;
    }

    /** A whole part with fewer digits than {@code 3 + this} is written without grouping. */
    public int minimumGroupingDigits() {
        return minimumGroupingDigits;
    }

    /** Instants are shown in UTC for everyone (staff and claimants quote the same time), written the language's way. */
    public DateTimeFormatter instants() {
        return instants;
    }

    public static List<PortalLanguage> all() {
        return List.of(values());
    }

    /** Exactly one of the supported tags (case-insensitive), else empty: a cookie or a form names one of these. */
    public static Optional<PortalLanguage> byTag(String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(language -> language.tag.equalsIgnoreCase(tag.strip())).findFirst();
    }

    /**
     * The language a template's {@code locale} attribute stands for (a {@link Locale} or a language tag); English for
     * anything else, so a template rendered outside a request still renders.
     */
    public static PortalLanguage of(Object locale) {
        if (locale instanceof PortalLanguage language) {
            return language;
        }
        String tag = locale instanceof Locale javaLocale ? javaLocale.toLanguageTag() : locale == null ? "" : locale.toString();
        return byTag(tag).orElse(DEFAULT);
    }
}

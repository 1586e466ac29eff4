package dev.restitution.portal.web;

import dev.restitution.portal.language.PortalLanguage;
import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateExtension.TemplateAttribute;
import java.math.BigInteger;

/**
 * Display of amounts: integers of an asset's smallest unit shown in whole units by the asset's decimals.
 * Conversion happens here, at the edge, on strings of digits; nothing is computed with fractions. Pages write them
 * the way their language does ({@code amount:of} reads the template's locale): 1,234.5 in English and Chinese,
 * 1.234,5 in Spanish.
 */
public final class Amounts {

    private static final String NONE = "—";

    private Amounts() {
    }

    /** {@code of("2500000000000000000", 18)} is {@code 2.5}; thousands grouped with commas (English). */
    public static String of(String minorUnits, Integer decimals) {
        return of(minorUnits, decimals, PortalLanguage.ENGLISH);
    }

    /** In templates: {@code amount:of(entry.amount, entry.decimals)}, in the language of the page. */
    @TemplateExtension(namespace = "amount", matchName = "of")
    static String ofInLanguage(String minorUnits, Integer decimals, @TemplateAttribute("locale") Object locale) {
        return of(minorUnits, decimals, PortalLanguage.of(locale));
    }

    /** {@code of("1234567891", 3, SPANISH)} is {@code 1.234.567,891}: exact digits, the language's separators. */
    public static String of(String minorUnits, Integer decimals, PortalLanguage language) {
        if (minorUnits == null || minorUnits.isEmpty()) {
            return NONE;
        }
        BigInteger value = new BigInteger(minorUnits);
        int scale = decimals == null ? 0 : decimals;
        String digits = value.abs().toString();
        if (digits.length() <= scale) {
            digits = "0".repeat(scale - digits.length() + 1) + digits;
        }
        String whole = digits.substring(0, digits.length() - scale);
        String fraction = digits.substring(digits.length() - scale).replaceFirst("0+$", "");
        boolean grouping = whole.length() >= 3 + language.minimumGroupingDigits();
        StringBuilder grouped = new StringBuilder();
        for (int index = 0; index < whole.length(); index++) {
            if (grouping && index > 0 && (whole.length() - index) % 3 == 0) {
                grouped.append(language.groupingSeparator());
            }
            grouped.append(whole.charAt(index));
        }
        return (value.signum() < 0 ? "-" : "") + grouped + (fraction.isEmpty() ? "" : language.decimalSeparator() + fraction);
    }

    /**
     * A decimal the services already wrote for display (a round's coverage, {@code 0.4}), with the language's decimal
     * separator ({@code 0,4} in Spanish); the digits are kept as they are.
     */
    @TemplateExtension(namespace = "amount")
    static String decimal(String shown, @TemplateAttribute("locale") Object locale) {
        return decimal(shown, PortalLanguage.of(locale));
    }

    public static String decimal(String shown, PortalLanguage language) {
        return shown == null || shown.isEmpty() ? NONE : shown.replace('.', language.decimalSeparator());
    }

    /** For charts and form fields: the whole-unit value as a plain decimal string (no grouping), in English. */
    @TemplateExtension(namespace = "amount")
    public static String plain(String minorUnits, Integer decimals) {
        return plain(minorUnits, decimals, PortalLanguage.ENGLISH);
    }

    /** A form field's value in the language's way: no grouping, its decimal separator ({@code 12,5} in Spanish). */
    public static String plain(String minorUnits, Integer decimals, PortalLanguage language) {
        String grouping = String.valueOf(language.groupingSeparator());
        return of(minorUnits, decimals, language).replace(grouping, "");
    }
}

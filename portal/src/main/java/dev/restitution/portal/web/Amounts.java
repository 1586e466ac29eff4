package dev.restitution.portal.web;

import io.quarkus.qute.TemplateExtension;
import java.math.BigInteger;

/**
 * Display of amounts: integers of an asset's smallest unit shown in whole units by the asset's decimals.
 * Conversion happens here, at the edge, on strings of digits; nothing is computed with fractions.
 */
@TemplateExtension(namespace = "amount")
public final class Amounts {

    private Amounts() {
    }

    /** {@code amount:of("2500000000000000000", 18)} is {@code 2.5}; grouping of thousands with thin spaces. */
    public static String of(String minorUnits, Integer decimals) {
        if (minorUnits == null || minorUnits.isEmpty()) {
            return "—";
        }
        BigInteger value = new BigInteger(minorUnits);
        int scale = decimals == null ? 0 : decimals;
        String digits = value.abs().toString();
        if (digits.length() <= scale) {
            digits = "0".repeat(scale - digits.length() + 1) + digits;
        }
        String whole = digits.substring(0, digits.length() - scale);
        String fraction = digits.substring(digits.length() - scale).replaceFirst("0+$", "");
        StringBuilder grouped = new StringBuilder();
        for (int index = 0; index < whole.length(); index++) {
            if (index > 0 && (whole.length() - index) % 3 == 0) {
                grouped.append(',');
            }
            grouped.append(whole.charAt(index));
        }
        return (value.signum() < 0 ? "-" : "") + grouped + (fraction.isEmpty() ? "" : "." + fraction);
    }

    /** For charts: the whole-unit value as a plain decimal string (no grouping). */
    public static String plain(String minorUnits, Integer decimals) {
        return of(minorUnits, decimals).replace(",", "");
    }
}

package dev.restitution.portal.claimant;

import dev.restitution.portal.language.PortalLanguage;
import dev.restitution.portal.web.FormProblem;
import dev.restitution.portal.web.FormRejected;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Amounts people type in whole units of an asset ("12.5" ETH) turned into the string of digits of its smallest
 * unit that the services take ("12500000000000000000"). Done on the digits, never with fractions; an amount
 * with more decimals than the asset has is refused rather than rounded.
 */
public final class WholeUnits {

    /** 78 digits hold any uint256; the whole part is bounded so the result never exceeds that. */
    static final int MAX_DIGITS = 78;
    private static final Pattern WHOLE_UNITS = Pattern.compile("^[0-9]{1,78}(\\.[0-9]{1,78})?$");
    /**
     * A Spanish amount: a decimal comma, and periods (or spaces) only as thousands separators in groups of three, so
     * "12.5" (which a Spanish reader may mean as 12,5 or 125) is refused rather than guessed.
     */
    private static final Pattern SPANISH = Pattern.compile("^([0-9]{1,3}([. \u2009][0-9]{3})+|[0-9]{1,78})(,[0-9]{1,78})?$");

    private WholeUnits() {
    }

    /** {@code toMinorUnits("12.5", 18)} is {@code "12500000000000000000"}; thousands separators and spaces are ignored. */
    public static String toMinorUnits(String typed, int decimals) {
        return toMinorUnits(typed, decimals, PortalLanguage.ENGLISH);
    }

    /**
     * As typed on a page in the given language: {@code toMinorUnits("1.234,5", 6, SPANISH)} is {@code "1234500000"}.
     * English and Chinese write 1,234.5.
     */
    public static String toMinorUnits(String typed, int decimals, PortalLanguage language) {
        if (language.decimalSeparator() == ',') {
            String amount = typed == null ? "" : typed.strip();
            if (!SPANISH.matcher(amount).matches()) {
                throw new FormRejected(FormProblem.AMOUNT_NOT_A_NUMBER_DECIMAL_COMMA, Map.of("amount", amount));
            }
            return toMinorUnits(amount.replace(".", "").replace(" ", "").replace("\u2009", "").replace(',', '.'), decimals,
                    PortalLanguage.ENGLISH);
        }
        if (decimals < 0 || decimals > MAX_DIGITS) {
            throw new IllegalArgumentException("decimals out of range: " + decimals);
        }
        String amount = typed == null ? "" : typed.replace(",", "").replace(" ", "").replace("\u2009", "").strip();
        if (!WHOLE_UNITS.matcher(amount).matches()) {
            throw new FormRejected(FormProblem.AMOUNT_NOT_A_NUMBER,
                    Map.of("amount", typed == null ? "" : typed.strip()));
        }
        int point = amount.indexOf('.');
        String whole = point < 0 ? amount : amount.substring(0, point);
        String fraction = point < 0 ? "" : amount.substring(point + 1).replaceFirst("0+$", "");
        if (fraction.length() > decimals) {
            throw new FormRejected(FormProblem.AMOUNT_TOO_MANY_DECIMALS, Map.of("amount", amount, "decimals", decimals));
        }
        String digits = (whole + fraction + "0".repeat(decimals - fraction.length())).replaceFirst("^0+(?=[0-9])", "");
        if (digits.length() > MAX_DIGITS) {
            throw new FormRejected(FormProblem.AMOUNT_TOO_LARGE, Map.of("amount", amount));
        }
        return digits;
    }
}

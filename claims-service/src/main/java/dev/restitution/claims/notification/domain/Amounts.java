package dev.restitution.claims.notification.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.Locale;

/**
 * An amount in an asset's smallest unit shown to a person: moved by the asset's decimals (exactly, no rounding, no
 * double) and written with the locale's grouping and decimal separators, trailing zeros dropped.
 */
public final class Amounts {

    private Amounts() {
    }

    public static String format(BigInteger minorUnits, int decimals, Locale locale) {
        if (decimals < 0 || decimals > 77) {
            throw new IllegalArgumentException("decimals must be 0 to 77, was " + decimals);
        }
        BigDecimal value = new BigDecimal(minorUnits, decimals);
        DecimalFormat format = (DecimalFormat) NumberFormat.getNumberInstance(locale);
        format.setDecimalFormatSymbols(DecimalFormatSymbols.getInstance(locale));
        format.setParseBigDecimal(true);
        format.setMinimumFractionDigits(0);
        format.setMaximumFractionDigits(decimals);
        format.setGroupingUsed(true);
        return format.format(value);
    }
}

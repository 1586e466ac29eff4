package dev.restitution.portal.claimant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.restitution.portal.language.PortalLanguage;
import dev.restitution.portal.web.FormRejected;
import org.junit.jupiter.api.Test;

class WholeUnitsTest {

    @Test
    void wholeUnitsBecomeTheDigitsOfTheSmallestUnit() {
        // Why: a claimant types 12.5 ETH; the service must receive exactly 12.5 * 10^18 smallest units.
        assertEquals("12500000000000000000", WholeUnits.toMinorUnits("12.5", 18));
        assertEquals("12000000000000000000", WholeUnits.toMinorUnits("12", 18));
        assertEquals("1", WholeUnits.toMinorUnits("0.000001", 6));
        assertEquals("0", WholeUnits.toMinorUnits("0", 18));
        assertEquals("1234500000", WholeUnits.toMinorUnits("1,234.5", 6));
        assertEquals("1234500000", WholeUnits.toMinorUnits(" 1 234.500 ", 6));
        assertEquals("7", WholeUnits.toMinorUnits("7", 0));
    }

    @Test
    void moreDecimalsThanTheAssetHasIsRefusedNotRounded() {
        // Why: rounding a claimed amount silently would change what the claimant asked for.
        FormRejected refused = assertThrows(FormRejected.class, () -> WholeUnits.toMinorUnits("0.0000001", 6));
        assertEquals("The amount 0.0000001 has more decimals than the asset (6).", refused.getMessage());
    }

    @Test
    void anythingButDigitsAndOnePointIsRefused() {
        // Why: negative, scientific or empty amounts must never reach a service as something else.
        for (String typed : new String[] {"", "-1", "1e18", "1.2.3", "abc", ".5", null}) {
            assertThrows(FormRejected.class, () -> WholeUnits.toMinorUnits(typed, 18), String.valueOf(typed));
        }
        assertThrows(FormRejected.class, () -> WholeUnits.toMinorUnits("9".repeat(70), 18));
    }

    @Test
    void aSpanishPageReadsTheDecimalCommaAndRefusesAnAmbiguousPeriod() {
        // Why: "12,5" typed on a Spanish page means twelve and a half, never 125; "12.5" could mean either, so it is refused.
        assertEquals("12500000000000000000", WholeUnits.toMinorUnits("12,5", 18, PortalLanguage.SPANISH));
        assertEquals("1234500000", WholeUnits.toMinorUnits("1.234,5", 6, PortalLanguage.SPANISH));
        assertEquals("1234000000", WholeUnits.toMinorUnits("1.234", 6, PortalLanguage.SPANISH));
        assertEquals("1234567000000", WholeUnits.toMinorUnits("1 234 567", 6, PortalLanguage.SPANISH));
        assertEquals("7", WholeUnits.toMinorUnits("7", 0, PortalLanguage.SPANISH));
        for (String typed : new String[] {"12.5", "1,2,3", "1.23,4", "-1", "", ",5", null}) {
            assertThrows(FormRejected.class, () -> WholeUnits.toMinorUnits(typed, 18, PortalLanguage.SPANISH), String.valueOf(typed));
        }
        assertEquals("12500000000000000000", WholeUnits.toMinorUnits("12.5", 18, PortalLanguage.SIMPLIFIED_CHINESE));
    }

    @Test
    void aRefusedAmountIsExplainedInThePagesLanguage() {
        // Why: a claimant in Madrid or Shenzhen who mistypes an amount must read why in their language, with the amount.
        FormRejected ambiguous = assertThrows(FormRejected.class, () -> WholeUnits.toMinorUnits("12.5", 18, PortalLanguage.SPANISH));
        assertEquals("El importe \"12.5\" no es un número como 12 o 12,5 (dígitos, una coma decimal; puntos solo entre "
                + "grupos de tres dígitos).", ambiguous.text(PortalLanguage.SPANISH));
        FormRejected tooPrecise = assertThrows(FormRejected.class, () -> WholeUnits.toMinorUnits("0.0000001", 6));
        assertEquals("金额 0.0000001 的小数位数多于该资产的小数位数（6）。", tooPrecise.text(PortalLanguage.SIMPLIFIED_CHINESE));
        assertEquals("The amount 0.0000001 has more decimals than the asset (6).", tooPrecise.text(PortalLanguage.ENGLISH));
    }
}

package dev.restitution.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.portal.language.PortalLanguage;
import org.junit.jupiter.api.Test;

class AmountsTest {

    @Test
    void minorUnitsAreShownInWholeUnitsWithoutLosingADigit() {
        // Why: a claimant compares these figures with their own records; a rounding or a lost digit would mislead.
        assertEquals("2.5", Amounts.of("2500000000000000000", 18));
        assertEquals("0.000000000000000001", Amounts.of("1", 18));
        assertEquals("1,234,567.891", Amounts.of("1234567891", 3));
        assertEquals("115,792,089,237,316,195,423,570,985,008,687,907,853,269,984,665,640,564,039,457.584007913129639935",
                Amounts.of("115792089237316195423570985008687907853269984665640564039457584007913129639935", 18));
        assertEquals("0", Amounts.of("0", 6));
        assertEquals("-1.5", Amounts.of("-1500000", 6));
        assertEquals("—", Amounts.of(null, 18));
    }

    @Test
    void eachLanguageWritesTheSameExactDigitsWithItsOwnSeparators() {
        // Why: a Spanish reader takes 1,5 for one and a half; showing them 1.5 or 1,234.5 misreads the amount by 1000.
        assertEquals("1,234,567.891", Amounts.of("1234567891", 3, PortalLanguage.SIMPLIFIED_CHINESE));
        assertEquals("1.234.567,891", Amounts.of("1234567891", 3, PortalLanguage.SPANISH));
        assertEquals("1234,5", Amounts.of("1234500", 3, PortalLanguage.SPANISH), "Spanish groups from five digits on");
        assertEquals("12.345,5", Amounts.of("12345500", 3, PortalLanguage.SPANISH));
        assertEquals("0,000000000000000001", Amounts.of("1", 18, PortalLanguage.SPANISH));
        assertEquals("-2,5", Amounts.of("-2500000000000000000", 18, PortalLanguage.SPANISH));
        assertEquals("12345,5", Amounts.plain("12345500", 3, PortalLanguage.SPANISH), "a form field's value has no grouping");
        assertEquals("0,4", Amounts.decimal("0.4", PortalLanguage.SPANISH));
        assertEquals("0.4", Amounts.decimal("0.4", PortalLanguage.SIMPLIFIED_CHINESE));
    }

    @Test
    void instantsAreWrittenPerLanguageAlwaysInUtcWithTheirZone() {
        // Why: staff and claimants in different places quote one time; the zone is always named.
        java.time.OffsetDateTime instant = java.time.OffsetDateTime.parse("2026-12-06T08:32:49+01:00");
        assertEquals("2026-12-06 07:32:49 UTC", Times.display(instant, PortalLanguage.ENGLISH));
        assertEquals("2026年12月6日 07:32:49 UTC", Times.display(instant, PortalLanguage.SIMPLIFIED_CHINESE));
        assertEquals("6 dic 2026, 07:32:49 UTC", Times.display(instant, PortalLanguage.SPANISH));
    }
}

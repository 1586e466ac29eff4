package dev.restitution.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}

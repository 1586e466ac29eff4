package dev.restitution.ledger.snapshot.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AmountsTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "1500000000000000000, 1500000000000000000",
            "007, 7",
            "115792089237316195423570985008687907853269984665640564039457584007913129639935, 115792089237316195423570985008687907853269984665640564039457584007913129639935"})
    void minorUnitsAreTakenDigitForDigit(String text, String expected) throws Exception {
        // Why: the exchange's export is already in smallest units; nothing may be lost or rounded.
        assertEquals(new BigInteger(expected), Amounts.parse(text, AmountFormat.MINOR_UNITS, 18, "ETH"));
    }

    @ParameterizedTest
    @CsvSource({
            "1.5, 18, 1500000000000000000",
            "0.000000000000000001, 18, 1",
            "12, 6, 12000000",
            "12.345678, 6, 12345678",
            "0.10, 2, 10",
            "3, 0, 3"})
    void decimalStringsConvertExactlyByTheAssetsDecimals(String text, int decimals, String expected) throws Exception {
        // Why: 0.1 + 0.2 in floating point is not 0.3; conversion by string and integer arithmetic is exact.
        assertEquals(new BigInteger(expected), Amounts.parse(text, AmountFormat.DECIMAL, decimals, "X"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "MINOR_UNITS|-1|must not be negative",
            "MINOR_UNITS|1.5|whole minor units",
            "MINOR_UNITS|1e18|digits only",
            "MINOR_UNITS|+5|digits only",
            "MINOR_UNITS|' 5'|digits only",
            "MINOR_UNITS|115792089237316195423570985008687907853269984665640564039457584007913129639936|exceeds",
            "DECIMAL|1.1234567|has 7 decimals but ETH has only 6",
            "DECIMAL|.5|decimal number",
            "DECIMAL|5.|decimal number",
            "DECIMAL|1.2.3|decimal number",
            "DECIMAL|-0.5|must not be negative",
            "DECIMAL|0x10|decimal number"})
    void malformedNegativeAndTooPreciseAmountsAreRefusedWithAReason(AmountFormat format, String text, String reason) {
        // Why: each bad amount must be named in the import's error report, never guessed at.
        Amounts.InvalidAmountException refused = assertThrows(Amounts.InvalidAmountException.class,
                () -> Amounts.parse(text, format, 6, "ETH"));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }

    @Test
    void anEmptyOrAbsurdlyLongAmountIsRefused() {
        // Why: length is bounded before any parsing work is spent on it.
        assertThrows(Amounts.InvalidAmountException.class, () -> Amounts.parse("", AmountFormat.MINOR_UNITS, 6, "ETH"));
        assertThrows(Amounts.InvalidAmountException.class,
                () -> Amounts.parse("1".repeat(200), AmountFormat.MINOR_UNITS, 6, "ETH"));
    }
}

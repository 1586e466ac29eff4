package dev.restitution.kit.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemException;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class Uint256Test {

    @Test
    void theLargestUint256IsAcceptedAndOneMoreIsRefusedNamingTheField() {
        // Why: the 78-digit pattern admits 10^78-1, far above what any chain holds; the bound is exactly 2^256-1.
        String largest = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
        assertEquals(Uint256.MAX, Uint256.parse("amount", largest));
        ProblemException refused = assertThrows(ProblemException.class, () -> Uint256.parse("lines[2].approvedAmount",
                Uint256.MAX.add(BigInteger.ONE).toString()));
        assertEquals(400, refused.problem().status());
        assertEquals(List.of(new FieldViolation("lines[2].approvedAmount", "must be " + Uint256.BOUND)),
                refused.problem().errors());
        assertThrows(ProblemException.class, () -> Uint256.parse("amount", "9".repeat(78)));
    }

    @Test
    void zeroFitsAndNegativeValuesDoNot() {
        // Why: sums are checked with the same bound; a negative figure is never an amount.
        assertTrue(Uint256.fits(BigInteger.ZERO));
        assertFalse(Uint256.fits(BigInteger.ONE.negate()));
        assertEquals("must not be negative", Uint256.violation("x", BigInteger.ONE.negate()).orElseThrow().message());
        assertTrue(Uint256.violation("x", Uint256.MAX).isEmpty());
    }
}

package dev.restitution.payout.engine.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeePolicyTest {

    private static final BigInteger GWEI = BigInteger.valueOf(1_000_000_000L);
    private final FeePolicy policy = new FeePolicy(GWEI.multiply(BigInteger.valueOf(100)), GWEI, 25);

    private static BigInteger gwei(long amount) {
        return GWEI.multiply(BigInteger.valueOf(amount));
    }

    @Test
    void aFirstTransactionLeavesRoomForTheBaseFeeToDouble() {
        // Why: a transaction priced at today's base fee exactly is stuck as soon as blocks fill up.
        assertEquals(Optional.of(new FeePolicy.Fees(gwei(41), gwei(1))), policy.first(gwei(20)));
    }

    @Test
    void nothingIsOfferedAboveTheCeiling() {
        // Why: the ceiling is what finance accepts to pay per gas; it holds even when the base fee is near it.
        assertEquals(Optional.of(new FeePolicy.Fees(gwei(100), gwei(1))), policy.first(gwei(70)));
        assertEquals(Optional.empty(), policy.first(gwei(100)));
    }

    @Test
    void aReplacementRaisesBothFeesByTheBump() {
        // Why: nodes drop a replacement that does not raise both fees by at least 10 %.
        FeePolicy.Fees replacement = policy.replacement(new FeePolicy.Fees(gwei(41), gwei(1)), gwei(20)).orElseThrow();

        assertTrue(replacement.maxFeePerGasWei().compareTo(new BigInteger("51250000000")) >= 0);
        assertEquals(new BigInteger("1250000000"), replacement.maxPriorityFeePerGasWei());
    }

    @Test
    void noReplacementWhenTheBumpWouldCrossTheCeiling() {
        // Why: above the ceiling the old transaction keeps waiting rather than paying more than allowed.
        assertEquals(Optional.empty(), policy.replacement(new FeePolicy.Fees(gwei(95), gwei(1)), gwei(20)));
    }

    @Test
    void aReplacementFollowsARisenBaseFee() {
        // Why: after a fee spike a bump of the old fees alone may still be below what gets mined.
        FeePolicy.Fees replacement = policy.replacement(new FeePolicy.Fees(gwei(21), gwei(1)), gwei(40)).orElseThrow();

        assertEquals(new BigInteger("81250000000"), replacement.maxFeePerGasWei());
    }
}

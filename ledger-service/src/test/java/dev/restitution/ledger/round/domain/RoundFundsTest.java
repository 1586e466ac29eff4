package dev.restitution.ledger.round.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class RoundFundsTest {

    private static BigInteger units(long value) {
        return BigInteger.valueOf(value);
    }

    @Test
    void unconfirmedOnChainMoneyIsWithheldAndTheRestDistributed() {
        // Why: money the chain has not confirmed must not be promised to claimants; the rest is theirs now.
        assertEquals(new RoundFunds(units(3_000), units(5_000)), RoundFunds.of(units(8_000), units(5_000)));
        assertEquals(new RoundFunds(units(8_000), units(0)), RoundFunds.of(units(8_000), units(0)));
    }

    @Test
    void neverMoreIsWithheldThanIsInHand() {
        // Why: after earlier rounds used confirmed money, the unconfirmed part can exceed what is left; nothing goes negative.
        assertEquals(new RoundFunds(units(0), units(700)), RoundFunds.of(units(700), units(5_000)));
        assertThrows(IllegalArgumentException.class, () -> RoundFunds.of(units(-1), units(0)));
        assertThrows(IllegalArgumentException.class, () -> RoundFunds.of(units(1), units(-1)));
    }
}

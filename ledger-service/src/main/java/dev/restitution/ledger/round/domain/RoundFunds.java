package dev.restitution.ledger.round.domain;

import java.math.BigInteger;
import java.util.Objects;

/**
 * What a round may distribute of one asset. Funds in hand count in full where no chain can confirm them (frozen
 * and released, treasury, insurance: bookings of the exchange's own records) and where the chain confirmed them
 * (VERIFIED on-chain recoveries); on-chain recoveries the chain has not confirmed (UNVERIFIED, including a chain
 * without an endpoint, or MISMATCH), net of their corrections, are withheld until it does. The withheld part is
 * never more than what is in hand.
 */
public record RoundFunds(BigInteger distributable, BigInteger withheldUnverified) {

    public RoundFunds {
        Objects.requireNonNull(distributable, "distributable");
        Objects.requireNonNull(withheldUnverified, "withheldUnverified");
        if (distributable.signum() < 0 || withheldUnverified.signum() < 0) {
            throw new IllegalArgumentException("distributable " + distributable + " and withheld " + withheldUnverified
                    + " are never negative");
        }
    }

    /** Of {@code inHand} (available plus earlier dust), what is left once {@code unverified} is withheld. */
    public static RoundFunds of(BigInteger inHand, BigInteger unverified) {
        if (inHand.signum() < 0 || unverified.signum() < 0) {
            throw new IllegalArgumentException("in hand " + inHand + " and unverified " + unverified + " are never negative");
        }
        BigInteger withheld = unverified.min(inHand);
        return new RoundFunds(inHand.subtract(withheld), withheld);
    }
}

package dev.restitution.ledger.round.domain;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/**
 * A round's plan for one asset, fixed at proposal: what was distributable and outstanding (and, with
 * a convenience threshold, how much of it the small lines had), what it entitles. These figures are
 * all one needs to recompute any line's entitlement exactly (see {@link Allocation}). {@code withheldUnverified}
 * is what the round left out of the funds in hand because the chain had not confirmed it ({@link RoundFunds}).
 */
public record RoundAssetPlan(String asset, BigInteger distributable, BigInteger outstanding,
                             Optional<BigInteger> threshold, Optional<BigInteger> smallOutstanding, BigInteger entitled,
                             BigInteger dust, long lines, long linesInFull, BigInteger withheldUnverified) {

    public RoundAssetPlan {
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(distributable, "distributable");
        Objects.requireNonNull(outstanding, "outstanding");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(smallOutstanding, "smallOutstanding");
        Objects.requireNonNull(entitled, "entitled");
        if (smallOutstanding.isPresent() && threshold.isEmpty()) {
            throw new IllegalArgumentException("small lines' outstanding " + smallOutstanding.get() + " without a threshold");
        }
        Objects.requireNonNull(dust, "dust");
        Objects.requireNonNull(withheldUnverified, "withheldUnverified");
        if (withheldUnverified.signum() < 0) {
            throw new IllegalArgumentException("withheld " + withheldUnverified + " is never negative");
        }
        if (!entitled.add(dust).equals(distributable.min(outstanding))) {
            throw new IllegalArgumentException("entitled " + entitled + " + dust " + dust
                    + " is not what coverage allows, min(" + distributable + ", " + outstanding + ")");
        }
    }

    public static RoundAssetPlan of(String asset, Allocation.Outcome outcome, BigInteger withheldUnverified) {
        return new RoundAssetPlan(asset, outcome.distributable(), outcome.outstanding(), outcome.threshold(),
                outcome.threshold().map(threshold -> outcome.smallOutstanding()), outcome.entitled(), outcome.dust(), outcome.lines(), outcome.linesInFull(),
                withheldUnverified);
    }

    public Coverage coverage() {
        return Coverage.of(distributable, outstanding);
    }

    /**
     * How the round shared the asset, or empty for a plan stored before the small lines' outstanding
     * was kept (a threshold without it cannot be told apart).
     */
    public Optional<Allocation.Mode> mode() {
        if (threshold.isPresent() && smallOutstanding.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Allocation.modeOf(distributable, outstanding, threshold.isPresent(),
                smallOutstanding.orElse(BigInteger.ZERO)));
    }

    /** The exact ratio the shared lines got of their outstanding amount, when {@link #mode()} is known. */
    public Optional<Coverage> share() {
        return mode().map(mode -> Allocation.shareOf(mode, distributable, outstanding,
                smallOutstanding.orElse(BigInteger.ZERO)));
    }

    /** What coverage allows: entitled + dust. */
    public BigInteger allowed() {
        return entitled.add(dust);
    }
}

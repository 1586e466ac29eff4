package dev.restitution.ledger.round.domain;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/** A round's plan for one asset, fixed at proposal: what was distributable and outstanding, what it entitles. */
public record RoundAssetPlan(String asset, BigInteger distributable, BigInteger outstanding,
                             Optional<BigInteger> threshold, BigInteger entitled, BigInteger dust, long lines,
                             long linesInFull) {

    public RoundAssetPlan {
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(distributable, "distributable");
        Objects.requireNonNull(outstanding, "outstanding");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(entitled, "entitled");
        Objects.requireNonNull(dust, "dust");
        if (!entitled.add(dust).equals(distributable.min(outstanding))) {
            throw new IllegalArgumentException("entitled " + entitled + " + dust " + dust
                    + " is not what coverage allows, min(" + distributable + ", " + outstanding + ")");
        }
    }

    public static RoundAssetPlan of(String asset, Allocation.Outcome outcome) {
        return new RoundAssetPlan(asset, outcome.distributable(), outcome.outstanding(), outcome.threshold(),
                outcome.entitled(), outcome.dust(), outcome.lines(), outcome.linesInFull());
    }

    public Coverage coverage() {
        return Coverage.of(distributable, outstanding);
    }

    /** What coverage allows: entitled + dust. */
    public BigInteger allowed() {
        return entitled.add(dust);
    }
}

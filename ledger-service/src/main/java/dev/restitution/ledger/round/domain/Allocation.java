package dev.restitution.ledger.round.domain;

import dev.restitution.ledger.liability.domain.OpenLines;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one asset's distributable funds are shared among its open claim lines in a round: the heart
 * of fairness, in exact integer arithmetic only.
 *
 * <p>With {@code A} distributable and {@code O} the total outstanding of the open lines, coverage
 * is min(1, A / O), and a line with {@code o} outstanding is entitled to floor(o x A / O). With a
 * convenience threshold {@code T}, the small lines (o &lt;= T, outstanding {@code S} in total) are
 * served first: in full when S &lt;= A, the others then sharing A - S pro rata; or, when even the
 * small lines cannot all be paid (S &gt; A), the small lines share A pro rata and the others wait.
 * What flooring leaves, allowed - entitled where allowed = min(A, O), is the dust: less than one
 * minor unit per line shared pro rata, booked, never lost.
 *
 * <p>Each line's share depends only on its own outstanding amount and on the totals, so the lines
 * can be streamed (millions of them) through a {@link Run} without holding them; the run checks at
 * the end that the lines it saw add up to the totals the plan was made from.
 */
public final class Allocation {

    /** The four ways a round can go, decided by the totals alone. */
    public enum Mode {
        /** A &gt;= O: every line in full. */
        FULL,
        /** Every line floor(o x A / O). */
        PRO_RATA,
        /** Small lines in full, the others floor(o x (A - S) / (O - S)). */
        SMALL_IN_FULL_FIRST,
        /** Small lines floor(o x A / S), the others nothing this round. */
        SMALL_ONLY
    }

    private final OpenLines open;
    private final BigInteger distributable;
    private final Optional<BigInteger> threshold;
    private final Mode mode;

    private Allocation(OpenLines open, BigInteger distributable, Optional<BigInteger> threshold) {
        this.open = open;
        this.distributable = distributable;
        this.threshold = threshold;
        this.mode = modeOf(open, distributable, threshold);
    }

    /**
     * @param open the totals of the open lines (each line's outstanding amount positive)
     * @param distributable the funds in hand for this round, never negative
     * @param threshold the convenience threshold in minor units, when one is configured (positive)
     */
    public static Allocation plan(OpenLines open, BigInteger distributable, Optional<BigInteger> threshold) {
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(distributable, "distributable");
        Objects.requireNonNull(threshold, "threshold");
        if (distributable.signum() < 0) {
            throw new IllegalArgumentException("distributable funds are never negative, not " + distributable);
        }
        threshold.ifPresent(value -> {
            if (value.signum() <= 0) {
                throw new IllegalArgumentException("a convenience threshold is positive, not " + value);
            }
        });
        if (threshold.isEmpty() && open.smallLines() != 0) {
            throw new IllegalArgumentException("small lines counted without a convenience threshold: " + open);
        }
        return new Allocation(open, distributable, threshold);
    }

    /** Shares {@code distributable} among lines given as their outstanding amounts, in order. */
    public static Allocated allocate(List<BigInteger> outstanding, BigInteger distributable, Optional<BigInteger> threshold) {
        OpenLines open = OpenLines.of(outstanding, threshold);
        Run run = plan(open, distributable, threshold).start();
        List<BigInteger> entitlements = new ArrayList<>(outstanding.size());
        for (BigInteger line : outstanding) {
            entitlements.add(run.entitle(line));
        }
        return new Allocated(List.copyOf(entitlements), run.finish());
    }

    /** Per-line entitlements, in the order of the lines, and the round's figures. */
    public record Allocated(List<BigInteger> entitlements, Outcome outcome) {
    }

    private static Mode modeOf(OpenLines open, BigInteger distributable, Optional<BigInteger> threshold) {
        return modeOf(distributable, open.outstanding(), threshold.isPresent(), open.smallOutstanding());
    }

    /**
     * The mode a round takes with {@code distributable} (A) for lines {@code outstanding} (O) in total,
     * of which {@code smallOutstanding} (S) at or below a convenience threshold, when there is one.
     */
    public static Mode modeOf(BigInteger distributable, BigInteger outstanding, boolean hasThreshold,
                              BigInteger smallOutstanding) {
        if (distributable.compareTo(outstanding) >= 0) {
            return Mode.FULL;
        }
        if (!hasThreshold || smallOutstanding.signum() == 0) {
            return Mode.PRO_RATA;
        }
        return smallOutstanding.compareTo(distributable) <= 0 ? Mode.SMALL_IN_FULL_FIRST : Mode.SMALL_ONLY;
    }

    /**
     * The exact ratio N / D that the shared lines of a round in {@code mode} get of their
     * outstanding amount o, floor(o x N / D): A / O pro rata, (A - S) / (O - S) for the lines above
     * the threshold when the small ones are paid in full first, A / S for the small lines when only
     * they share; 1 / 1 when every line is paid in full.
     */
    public static Coverage shareOf(Mode mode, BigInteger distributable, BigInteger outstanding,
                                   BigInteger smallOutstanding) {
        return switch (mode) {
            case FULL -> Coverage.FULL;
            case PRO_RATA -> new Coverage(distributable, outstanding);
            case SMALL_IN_FULL_FIRST -> new Coverage(distributable.subtract(smallOutstanding),
                    outstanding.subtract(smallOutstanding));
            case SMALL_ONLY -> new Coverage(distributable, smallOutstanding);
        };
    }

    public Mode mode() {
        return mode;
    }

    /** min(A, O): what coverage allows this round to hand out. */
    public BigInteger allowed() {
        return distributable.min(open.outstanding());
    }

    public Coverage coverage() {
        return Coverage.of(distributable, open.outstanding());
    }

    public OpenLines open() {
        return open;
    }

    public BigInteger distributable() {
        return distributable;
    }

    public Optional<BigInteger> threshold() {
        return threshold;
    }

    /**
     * The outcome without visiting any line, when coverage allows nothing (no funds, or no open
     * line): every line would be entitled to zero, so there is nothing to stream.
     */
    public Outcome nothingAllowed() {
        if (allowed().signum() != 0) {
            throw new IllegalStateException("coverage allows " + allowed() + "; the lines must be visited");
        }
        return new Outcome(mode, distributable, open.outstanding(), threshold, open.smallOutstanding(), coverage(),
                BigInteger.ZERO,
                BigInteger.ZERO, BigInteger.ZERO, open.lines(), 0);
    }

    public Run start() {
        return new Run();
    }

    private boolean isSmall(BigInteger lineOutstanding) {
        return threshold.isPresent() && lineOutstanding.compareTo(threshold.get()) <= 0;
    }

    private BigInteger entitlementOf(BigInteger lineOutstanding) {
        boolean small = isSmall(lineOutstanding);
        return switch (mode) {
            case FULL -> lineOutstanding;
            case PRO_RATA -> share(lineOutstanding, distributable, open.outstanding());
            case SMALL_IN_FULL_FIRST -> small
                    ? lineOutstanding
                    : share(lineOutstanding, distributable.subtract(open.smallOutstanding()),
                            open.outstanding().subtract(open.smallOutstanding()));
            case SMALL_ONLY -> small ? share(lineOutstanding, distributable, open.smallOutstanding()) : BigInteger.ZERO;
        };
    }

    // floor(o x funds / total): BigInteger division of non-negative numbers rounds down.
    private static BigInteger share(BigInteger lineOutstanding, BigInteger funds, BigInteger total) {
        return lineOutstanding.multiply(funds).divide(total);
    }

    /** Entitles lines one by one and checks, at the end, that they were the lines the plan was made from. */
    public final class Run {
        private long lines;
        private long smallLines;
        private long linesInFull;
        private long linesShared;
        private BigInteger outstanding = BigInteger.ZERO;
        private BigInteger smallOutstanding = BigInteger.ZERO;
        private BigInteger entitled = BigInteger.ZERO;
        private boolean finished;

        private Run() {
        }

        /** The entitlement of a line with {@code lineOutstanding} open: between 0 and {@code lineOutstanding}. */
        public BigInteger entitle(BigInteger lineOutstanding) {
            Objects.requireNonNull(lineOutstanding, "lineOutstanding");
            if (finished) {
                throw new IllegalStateException("the run is finished");
            }
            if (lineOutstanding.signum() <= 0) {
                throw new IllegalArgumentException("an open line has a positive outstanding amount, not " + lineOutstanding);
            }
            BigInteger entitlement = entitlementOf(lineOutstanding);
            if (entitlement.signum() < 0 || entitlement.compareTo(lineOutstanding) > 0) {
                throw new IllegalStateException("entitlement " + entitlement + " outside [0, " + lineOutstanding + "]");
            }
            lines++;
            outstanding = outstanding.add(lineOutstanding);
            if (isSmall(lineOutstanding)) {
                smallLines++;
                smallOutstanding = smallOutstanding.add(lineOutstanding);
            }
            if (entitlement.equals(lineOutstanding)) {
                linesInFull++;
            } else {
                linesShared++;
            }
            entitled = entitled.add(entitlement);
            return entitlement;
        }

        /**
         * The round's figures.
         *
         * @throws IllegalStateException when the lines seen do not add up to the plan's totals, or the
         *     result breaks the rules (more entitled than allowed, dust of a unit or more per shared line)
         */
        public Outcome finish() {
            if (finished) {
                throw new IllegalStateException("the run is finished");
            }
            finished = true;
            OpenLines seen = new OpenLines(lines, outstanding, smallLines, smallOutstanding);
            if (!seen.equals(open)) {
                throw new IllegalStateException("the lines entitled " + seen + " are not the lines planned " + open);
            }
            BigInteger allowed = allowed();
            if (entitled.compareTo(allowed) > 0) {
                throw new IllegalStateException("entitled " + entitled + " exceeds what coverage allows " + allowed);
            }
            BigInteger dust = allowed.subtract(entitled);
            // Flooring loses less than one unit per line it shares; lines in full lose nothing.
            boolean dustInBounds = linesShared == 0
                    ? dust.signum() == 0
                    : dust.compareTo(BigInteger.valueOf(linesShared)) < 0;
            if (!dustInBounds) {
                throw new IllegalStateException("dust " + dust + " is not less than one unit per shared line ("
                        + linesShared + ")");
            }
            return new Outcome(mode, distributable, open.outstanding(), threshold, open.smallOutstanding(), coverage(),
                    allowed, entitled, dust, lines, linesInFull);
        }
    }

    /**
     * What a round hands out for one asset: allowed = min(distributable, outstanding) = entitled + dust.
     */
    public record Outcome(Mode mode, BigInteger distributable, BigInteger outstanding, Optional<BigInteger> threshold,
                          BigInteger smallOutstanding, Coverage coverage, BigInteger allowed, BigInteger entitled, BigInteger dust, long lines,
                          long linesInFull) {
        public Outcome {
            if (!allowed.equals(entitled.add(dust))) {
                throw new IllegalStateException("allowed " + allowed + " != entitled " + entitled + " + dust " + dust);
            }
        }
    }
}

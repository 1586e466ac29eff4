package dev.restitution.ledger.round.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.kit.id.LineId;
import dev.restitution.ledger.liability.domain.OpenLines;
import dev.restitution.ledger.round.domain.Allocation;
import dev.restitution.ledger.round.domain.PlanDigest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * On demand only (the class name matches none of Surefire's default test patterns):
 * <pre>./mvnw -B -pl ledger-service test -Dtest=AllocationBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.lines=1000000</pre>
 * Times the allocation math of one round alone, without a database: {@code bench.lines} open lines
 * with random 18-decimal amounts, 40% covered, pro rata and with a convenience threshold, each line
 * also fed to the plan digest as the service does. Best of five runs after two warm-ups.
 */
class AllocationBenchmark {

    private static final int LINES = Integer.getInteger("bench.lines", 1_000_000);
    private static final int WARM_UPS = 2;
    private static final int RUNS = 5;

    @Test
    void allocateOneMillionLines() {
        // Why: the round's arithmetic must stay a small part of a million-line round.
        Random random = new Random(42);
        List<BigInteger> outstanding = new ArrayList<>(LINES);
        List<LineId> lineIds = new ArrayList<>(LINES);
        for (int line = 0; line < LINES; line++) {
            // Up to about 1.2e24 minor units: a million ETH-sized claims in wei.
            outstanding.add(new BigInteger(80, random).add(BigInteger.ONE));
            lineIds.add(new LineId(new UUID(random.nextLong(), random.nextLong())));
        }
        BigInteger total = outstanding.stream().reduce(BigInteger.ZERO, BigInteger::add);
        BigInteger available = total.multiply(BigInteger.TWO).divide(BigInteger.valueOf(5));
        report("pro rata", outstanding, lineIds, available, Optional.empty());
        report("threshold", outstanding, lineIds, available, Optional.of(BigInteger.ONE.shiftLeft(76)));
    }

    private static void report(String name, List<BigInteger> outstanding, List<LineId> lineIds, BigInteger available,
                               Optional<BigInteger> threshold) {
        OpenLines open = OpenLines.of(outstanding, threshold);
        Allocation.Outcome outcome = null;
        double best = Double.MAX_VALUE;
        for (int run = 0; run < WARM_UPS + RUNS; run++) {
            long started = System.nanoTime();
            Allocation.Run allocation = Allocation.plan(open, available, threshold).start();
            PlanDigest digest = new PlanDigest();
            for (int line = 0; line < outstanding.size(); line++) {
                digest.entitlement(lineIds.get(line), allocation.entitle(outstanding.get(line)));
            }
            outcome = allocation.finish();
            digest.finish();
            double seconds = (System.nanoTime() - started) / 1e9;
            if (run >= WARM_UPS) {
                best = Math.min(best, seconds);
            }
        }
        assertEquals(available, outcome.entitled().add(outcome.dust()));
        System.out.printf("BENCH allocation %s: %,d lines in %.3f s (%,d lines/s, %.0f ns a line); mode %s, "
                        + "%,d in full, dust %s%n", name, outstanding.size(), best, Math.round(outstanding.size() / best),
                best * 1e9 / outstanding.size(), outcome.mode(), outcome.linesInFull(), outcome.dust());
    }
}

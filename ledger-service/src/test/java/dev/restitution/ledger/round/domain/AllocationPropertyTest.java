package dev.restitution.ledger.round.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Why: the allocation decides who gets what; its rules must hold for every ledger, not just examples. */
class AllocationPropertyTest {

    @Provide
    Arbitrary<List<BigInteger>> lines() {
        Arbitrary<BigInteger> small = Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.valueOf(1_000));
        Arbitrary<BigInteger> large = Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.TEN.pow(30));
        return Arbitraries.oneOf(small, large).list().ofMinSize(0).ofMaxSize(60);
    }

    @Provide
    Arbitrary<BigInteger> funds() {
        return Arbitraries.oneOf(Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(10_000)),
                Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TEN.pow(32)));
    }

    @Provide
    Arbitrary<Optional<BigInteger>> thresholds() {
        return Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.valueOf(2_000)).optional();
    }

    @Property(tries = 2000)
    void entitledPlusDustIsWhatCoverageAllowsAndNeverMoreThanAvailable(@ForAll("lines") List<BigInteger> outstanding,
            @ForAll("funds") BigInteger available, @ForAll("thresholds") Optional<BigInteger> threshold) {
        // Why: no round entitles more than is available, and flooring loses nothing: dust + entitled = min(available, outstanding).
        Allocation.Allocated allocated = Allocation.allocate(outstanding, available, threshold);
        BigInteger totalOutstanding = outstanding.stream().reduce(BigInteger.ZERO, BigInteger::add);
        BigInteger entitled = allocated.entitlements().stream().reduce(BigInteger.ZERO, BigInteger::add);
        Allocation.Outcome outcome = allocated.outcome();
        assertEquals(entitled, outcome.entitled());
        assertEquals(available.min(totalOutstanding), entitled.add(outcome.dust()));
        assertTrue(entitled.compareTo(available) <= 0);
        assertTrue(outcome.dust().signum() >= 0);
        assertTrue(outcome.dust().compareTo(BigInteger.valueOf(Math.max(outstanding.size(), 1))) < 0
                || outcome.dust().signum() == 0);
    }

    @Property(tries = 2000)
    void everyLineGetsBetweenNothingAndItsOutstanding(@ForAll("lines") List<BigInteger> outstanding,
            @ForAll("funds") BigInteger available, @ForAll("thresholds") Optional<BigInteger> threshold) {
        // Why: paid <= entitled <= approved starts here: no line is entitled to more than it is owed.
        List<BigInteger> entitlements = Allocation.allocate(outstanding, available, threshold).entitlements();
        for (int line = 0; line < outstanding.size(); line++) {
            assertTrue(entitlements.get(line).signum() >= 0);
            assertTrue(entitlements.get(line).compareTo(outstanding.get(line)) <= 0);
        }
    }

    @Property(tries = 2000)
    void withoutThresholdEachLineIsFlooredProRata(@ForAll("lines") List<BigInteger> outstanding,
            @ForAll("funds") BigInteger available) {
        // Why: fairness is exactly floor(outstanding x coverage) per line, computed in integers.
        List<BigInteger> entitlements = Allocation.allocate(outstanding, available, Optional.empty()).entitlements();
        BigInteger total = outstanding.stream().reduce(BigInteger.ZERO, BigInteger::add);
        for (int line = 0; line < outstanding.size(); line++) {
            BigInteger expected = available.compareTo(total) >= 0
                    ? outstanding.get(line)
                    : outstanding.get(line).multiply(available).divide(total);
            assertEquals(expected, entitlements.get(line));
        }
    }

    @Property(tries = 2000)
    void aLargerClaimIsNeverEntitledToLessWithinItsClass(@ForAll("lines") List<BigInteger> outstanding,
            @ForAll("funds") BigInteger available, @ForAll("thresholds") Optional<BigInteger> threshold) {
        // Why: pro rata means more owed, at least as much paid, among lines treated alike.
        List<BigInteger> entitlements = Allocation.allocate(outstanding, available, threshold).entitlements();
        for (int first = 0; first < outstanding.size(); first++) {
            for (int second = 0; second < outstanding.size(); second++) {
                boolean sameClass = threshold.isEmpty() || (outstanding.get(first).compareTo(threshold.get()) <= 0)
                        == (outstanding.get(second).compareTo(threshold.get()) <= 0);
                if (sameClass && outstanding.get(first).compareTo(outstanding.get(second)) > 0) {
                    assertTrue(entitlements.get(first).compareTo(entitlements.get(second)) >= 0);
                }
            }
        }
    }
}

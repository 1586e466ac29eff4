package dev.restitution.ledger.round.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.restitution.ledger.liability.domain.OpenLines;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AllocationTest {

    private static List<BigInteger> units(long... values) {
        return Arrays.stream(values).mapToObj(BigInteger::valueOf).toList();
    }

    @Test
    void fundsShortOfOutstandingAreSharedProRataAndTheRemainderIsDust() {
        // Why: 5 over lines of 3, 3 and 4 (coverage 1/2) shows flooring and its dust on a case small enough to check by hand.
        Allocation.Allocated allocated = Allocation.allocate(units(3, 3, 4), BigInteger.valueOf(5), Optional.empty());
        assertEquals(units(1, 1, 2), allocated.entitlements());
        assertEquals(BigInteger.ONE, allocated.outcome().dust());
        assertEquals("0.500000", allocated.outcome().coverage().toDecimalString());
        assertEquals(Allocation.Mode.PRO_RATA, allocated.outcome().mode());
    }

    @Test
    void enoughFundsPayEveryLineInFullAndLeaveTheRestAvailable() {
        // Why: coverage is capped at 1: nobody gets more than they are owed.
        Allocation.Allocated allocated = Allocation.allocate(units(3, 7), BigInteger.valueOf(100), Optional.empty());
        assertEquals(units(3, 7), allocated.entitlements());
        assertEquals(BigInteger.TEN, allocated.outcome().allowed());
        assertEquals(BigInteger.ZERO, allocated.outcome().dust());
        assertEquals(2, allocated.outcome().linesInFull());
    }

    @Test
    void smallLinesArePaidInFullFirstAndTheOthersShareTheRest() {
        // Why: the convenience class (as FTX did up to $50k) is paid in full before pro rata.
        Allocation.Allocated allocated = Allocation.allocate(units(10, 50, 100, 300), BigInteger.valueOf(210),
                Optional.of(BigInteger.valueOf(50)));
        // Small: 10 + 50 = 60 in full; 150 left for 400 of large lines: 100 -> 37, 300 -> 112, dust 1.
        assertEquals(units(10, 50, 37, 112), allocated.entitlements());
        assertEquals(BigInteger.ONE, allocated.outcome().dust());
        assertEquals(Allocation.Mode.SMALL_IN_FULL_FIRST, allocated.outcome().mode());
    }

    @Test
    void whenSmallLinesAloneExceedTheFundsOnlyTheyShare() {
        // Why: the small class comes first even when it cannot be paid in full; large lines wait for a later round.
        Allocation.Allocated allocated = Allocation.allocate(units(40, 50, 500), BigInteger.valueOf(45),
                Optional.of(BigInteger.valueOf(50)));
        assertEquals(units(20, 25, 0), allocated.entitlements());
        assertEquals(Allocation.Mode.SMALL_ONLY, allocated.outcome().mode());
    }

    @Test
    void linesThatDoNotAddUpToThePlanStopTheRun() {
        // Why: a plan made from totals that the streamed lines contradict must never be written.
        OpenLines planned = OpenLines.of(units(5, 5), Optional.empty());
        Allocation.Run run = Allocation.plan(planned, BigInteger.valueOf(4), Optional.empty()).start();
        run.entitle(BigInteger.valueOf(5));
        assertThrows(IllegalStateException.class, run::finish);
    }

    @Test
    void amountsBeyondLongAreExact() {
        // Why: 18-decimal tokens overflow long quickly; every step is BigInteger.
        BigInteger huge = BigInteger.TEN.pow(40);
        Allocation.Allocated allocated = Allocation.allocate(List.of(huge, huge.add(BigInteger.ONE)), huge,
                Optional.empty());
        BigInteger total = huge.add(huge).add(BigInteger.ONE);
        assertEquals(huge.multiply(huge).divide(total), allocated.entitlements().get(0));
        assertEquals(huge, allocated.outcome().entitled().add(allocated.outcome().dust()));
    }
}

package dev.restitution.ledger.recovery.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.ledger.round.domain.Allocation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random ledgers: sequences of freezes, releases, lost freezes, recoveries, contributions, claim
 * approvals, rounds and settlements on one asset's books, booked as the services book them. After
 * every operation the ledger's invariants must hold and the books must agree with the lines.
 */
class RecoveryLedgerPropertyTest {

    /** One operation; {@code amount} and {@code pick} are raw material each operation scales to what is allowed. */
    record Operation(Kind kind, BigInteger amount, int pick) {
    }

    enum Kind { FREEZE, RELEASE, LOSE_FREEZE, RECOVER, TREASURY, INSURANCE, APPROVE, ROUND, SETTLE, CORRECT }

    /** A claim line as the ledger's rows keep it. */
    static final class Line {
        final BigInteger approved;
        BigInteger entitled = BigInteger.ZERO;
        BigInteger paid = BigInteger.ZERO;

        Line(BigInteger approved) {
            this.approved = approved;
        }

        BigInteger outstanding() {
            return approved.subtract(entitled);
        }
    }

    /** An entitlement: which line, how much, how much paid. */
    static final class Entitled {
        final Line line;
        final BigInteger amount;
        BigInteger paid = BigInteger.ZERO;

        Entitled(Line line, BigInteger amount) {
            this.line = line;
            this.amount = amount;
        }
    }

    /** The asset's books and rows, booked through {@link AssetBooks#post} exactly as the services do. */
    static final class Ledger {
        AssetBooks books = AssetBooks.empty();
        final List<Line> lines = new ArrayList<>();
        final List<Entitled> entitlements = new ArrayList<>();
        final List<Posting> operatorPostings = new ArrayList<>();
        final Optional<BigInteger> threshold;

        Ledger(Optional<BigInteger> threshold) {
            this.threshold = threshold;
        }

        void apply(Operation operation) {
            BigInteger amount = operation.amount();
            switch (operation.kind()) {
                case FREEZE -> operator(TransferReason.FROZEN_BY_COUNTERPARTY.posting(amount));
                case RELEASE -> operator(TransferReason.RELEASED_BY_COUNTERPARTY.posting(amount));
                case LOSE_FREEZE -> operator(TransferReason.FREEZE_LOST.posting(amount));
                case RECOVER -> operator(TransferReason.RECOVERED_ON_CHAIN.posting(amount));
                case TREASURY -> operator(TransferReason.TREASURY_CONTRIBUTION.posting(amount));
                case INSURANCE -> operator(TransferReason.INSURANCE_CONTRIBUTION.posting(amount));
                case CORRECT -> correct(operation);
                case APPROVE -> {
                    Line line = new Line(amount);
                    books = books.post(TransferReason.CLAIM_APPROVED.posting(amount));
                    lines.add(line);
                }
                case ROUND -> round();
                case SETTLE -> settle(operation);
            }
        }

        /** As RecoveryService: a refused posting is not booked; an allowed one must keep every invariant. */
        private void operator(Posting posting) {
            if (books.refusal(posting).isEmpty()) {
                books = books.post(posting);
                operatorPostings.add(posting);
            }
        }

        private void correct(Operation operation) {
            if (operatorPostings.isEmpty()) {
                return;
            }
            Posting original = operatorPostings.get(operation.pick() % operatorPostings.size());
            BigInteger amount = operation.amount().min(original.amount());
            Posting reversal = original.reversed(amount);
            if (books.refusal(reversal).isEmpty()) {
                books = books.post(reversal);
            }
        }

        /** As RoundService.approve: dust back, allocate what is available, book entitlements and dust. */
        private void round() {
            if (books.dust().signum() > 0) {
                books = books.post(TransferReason.DUST_RETURNED.posting(books.dust()));
            }
            List<Line> open = lines.stream().filter(line -> line.outstanding().signum() > 0).toList();
            BigInteger available = books.available();
            Allocation.Allocated allocated = Allocation.allocate(
                    open.stream().map(Line::outstanding).toList(), available, threshold);
            BigInteger outstandingBefore = open.stream().map(Line::outstanding).reduce(BigInteger.ZERO, BigInteger::add);
            for (int index = 0; index < open.size(); index++) {
                BigInteger share = allocated.entitlements().get(index);
                if (share.signum() > 0) {
                    open.get(index).entitled = open.get(index).entitled.add(share);
                    entitlements.add(new Entitled(open.get(index), share));
                }
            }
            Allocation.Outcome outcome = allocated.outcome();
            // dust + entitled = what coverage allows.
            assertEquals(available.min(outstandingBefore), outcome.entitled().add(outcome.dust()));
            assertTrue(outcome.entitled().compareTo(available) <= 0, "a round entitles at most what is available");
            if (outcome.entitled().signum() > 0) {
                books = books.post(TransferReason.ENTITLEMENTS_ISSUED.posting(outcome.entitled()));
            }
            if (outcome.dust().signum() > 0) {
                books = books.post(TransferReason.ROUND_DUST.posting(outcome.dust()));
            }
        }

        /** As PayoutBookings: pays part or all of one unpaid entitlement. */
        private void settle(Operation operation) {
            List<Entitled> unpaid = entitlements.stream().filter(entitled -> entitled.paid.compareTo(entitled.amount) < 0)
                    .toList();
            if (unpaid.isEmpty()) {
                return;
            }
            Entitled entitled = unpaid.get(operation.pick() % unpaid.size());
            BigInteger amount = operation.amount().min(entitled.amount.subtract(entitled.paid));
            entitled.paid = entitled.paid.add(amount);
            entitled.line.paid = entitled.line.paid.add(amount);
            books = books.post(TransferReason.PAYOUT_SETTLED.posting(amount));
        }

        void requireSound() {
            assertEquals(List.of(), books.violations());
            assertEquals(books.totalDebits(), books.totalCredits(), "debits = credits");
            BigInteger approved = BigInteger.ZERO;
            BigInteger entitled = BigInteger.ZERO;
            BigInteger paid = BigInteger.ZERO;
            for (Line line : lines) {
                assertTrue(line.paid.compareTo(line.entitled) <= 0, "paid <= entitled per line");
                assertTrue(line.entitled.compareTo(line.approved) <= 0, "entitled <= approved per line");
                approved = approved.add(line.approved);
                entitled = entitled.add(line.entitled);
                paid = paid.add(line.paid);
            }
            assertEquals(approved, books.approved());
            assertEquals(entitled, books.entitled());
            assertEquals(paid, books.paid());
            assertTrue(books.paid().compareTo(books.entitled()) <= 0, "paid <= entitled");
            assertTrue(books.entitled().compareTo(books.approved()) <= 0, "entitled <= approved");
            BigInteger fundsInHand = books.balance(AccountType.RECOVERED).subtract(books.frozenPending())
                    .add(books.balance(AccountType.TREASURY)).add(books.balance(AccountType.INSURANCE));
            assertTrue(books.entitled().compareTo(fundsInHand) <= 0, "entitled <= funds received");
            assertEquals(fundsInHand, books.available().add(books.dust()).add(books.entitled()),
                    "every unit received is available, dust, entitled or paid");
        }
    }

    @Provide
    Arbitrary<List<Operation>> operations() {
        Arbitrary<BigInteger> amounts = Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.valueOf(100)),
                Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.TEN.pow(24)));
        Arbitrary<Operation> operation = Combinators.combine(Arbitraries.of(Kind.class), amounts,
                Arbitraries.integers().between(0, 1_000)).as(Operation::new);
        return operation.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 1000)
    void everyOperationKeepsTheLedgerBalancedAndWithinItsBounds(@ForAll("operations") List<Operation> operations) {
        // Why: debits = credits per asset and paid <= entitled <= approved <= ... must hold after every operation.
        Ledger ledger = new Ledger(Optional.empty());
        for (Operation operation : operations) {
            ledger.apply(operation);
            ledger.requireSound();
        }
    }

    @Property(tries = 1000)
    void aConvenienceThresholdKeepsTheSameInvariants(@ForAll("operations") List<Operation> operations) {
        // Why: paying small lines first changes who gets what, never the ledger's rules.
        Ledger ledger = new Ledger(Optional.of(BigInteger.valueOf(50)));
        for (Operation operation : operations) {
            ledger.apply(operation);
            ledger.requireSound();
        }
    }

    @Property(tries = 300)
    void laterRoundsNeverEntitleMoreThanWasApproved(@ForAll("operations") List<Operation> operations) {
        // Why: the sum over rounds never exceeds what was approved, however funds trickle in between rounds.
        Ledger ledger = new Ledger(Optional.empty());
        for (Operation operation : operations) {
            ledger.apply(operation);
            ledger.apply(new Operation(Kind.ROUND, BigInteger.ONE, 0));
            ledger.requireSound();
        }
        for (Line line : ledger.lines) {
            assertTrue(line.entitled.compareTo(line.approved) <= 0);
        }
    }
}

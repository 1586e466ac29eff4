package dev.restitution.ledger.reconciliation.domain;

import dev.restitution.ledger.recovery.domain.AccountTotals;
import dev.restitution.ledger.recovery.domain.AccountType;
import dev.restitution.ledger.recovery.domain.AssetBooks;
import dev.restitution.ledger.round.domain.Coverage;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares one asset's figures from every source and reports each difference that should not
 * exist. Nothing is corrected or netted here: a negative outstanding is shown as negative, a
 * disagreement as a difference, so that a person sees exactly what is wrong.
 */
public final class Reconciler {

    private Reconciler() {
    }

    public static AssetReconciliation reconcile(AssetFigures figures) {
        AssetBooks books = figures.books();
        BigInteger available = books.distributable();
        BigInteger outstanding = books.outstanding();
        return new AssetReconciliation(figures.asset(), figures.decimals(), figures.snapshotTotal(), books.approved(),
                available, books.frozenPending(), books.entitled(), books.paid(), outstanding,
                Coverage.of(available.max(BigInteger.ZERO), outstanding), books.balance(AccountType.RECOVERED),
                books.balance(AccountType.RELEASED), books.balance(AccountType.TREASURY),
                books.balance(AccountType.INSURANCE), books.dust(), books.totalDebits(), books.totalCredits(),
                differences(figures), Optional.empty(), List.of());
    }

    static List<Difference> differences(AssetFigures figures) {
        AssetBooks books = figures.books();
        List<Difference> differences = new ArrayList<>();
        if (!books.totalDebits().equals(books.totalCredits())) {
            differences.add(new Difference(DifferenceCode.DEBITS_NOT_EQUAL_CREDITS,
                    "debits " + books.totalDebits() + " != credits " + books.totalCredits()));
        }
        for (AccountType account : AccountType.values()) {
            AccountTotals stored = books.totals(account);
            AccountTotals journal = figures.journal().getOrDefault(account, AccountTotals.ZERO);
            if (!stored.equals(journal)) {
                differences.add(new Difference(DifferenceCode.BALANCE_DISAGREES_WITH_TRANSFERS, account + " holds debits "
                        + stored.debits() + ", credits " + stored.credits() + " but its transfers add up to debits "
                        + journal.debits() + ", credits " + journal.credits()));
            }
            if (books.balance(account).signum() < 0) {
                differences.add(new Difference(DifferenceCode.NEGATIVE_BALANCE,
                        account + " balance " + books.balance(account) + " is negative"));
            }
        }
        compareFlows(figures, books, differences);
        compareSources(figures, books, differences);
        return differences;
    }

    private static void compareFlows(AssetFigures figures, AssetBooks books, List<Difference> differences) {
        if (books.paid().compareTo(books.entitled()) > 0 || books.balance(AccountType.ENTITLEMENTS).signum() < 0) {
            differences.add(new Difference(DifferenceCode.PAID_EXCEEDS_ENTITLED,
                    "paid " + books.paid() + " exceeds entitled " + books.entitled()));
        }
        if (books.paid().compareTo(figures.entitlements().amount()) > 0) {
            differences.add(new Difference(DifferenceCode.PAID_EXCEEDS_ENTITLED, "paid " + books.paid()
                    + " exceeds the entitlements issued " + figures.entitlements().amount()));
        }
        if (figures.lines().inconsistentLines() > 0) {
            differences.add(new Difference(DifferenceCode.PAID_EXCEEDS_ENTITLED, figures.lines().inconsistentLines()
                    + " claim lines have paid above entitled or entitled above approved"));
        }
        if (figures.entitlements().overpaid() > 0) {
            differences.add(new Difference(DifferenceCode.PAID_EXCEEDS_ENTITLED,
                    figures.entitlements().overpaid() + " entitlements are paid above their amount"));
        }
        if (books.entitled().compareTo(books.approved()) > 0) {
            differences.add(new Difference(DifferenceCode.ENTITLED_EXCEEDS_APPROVED,
                    "entitled " + books.entitled() + " exceeds approved " + books.approved()));
        }
        if (books.balance(AccountType.RELEASED).compareTo(books.balance(AccountType.FROZEN)) > 0) {
            differences.add(new Difference(DifferenceCode.RELEASED_EXCEEDS_FROZEN, "released "
                    + books.balance(AccountType.RELEASED) + " exceeds frozen " + books.balance(AccountType.FROZEN)));
        }
        BigInteger fundsReceived = books.balance(AccountType.RECOVERED).subtract(books.frozenPending())
                .add(books.balance(AccountType.TREASURY)).add(books.balance(AccountType.INSURANCE));
        if (books.entitled().compareTo(fundsReceived) > 0) {
            differences.add(new Difference(DifferenceCode.ENTITLED_EXCEEDS_AVAILABLE, "entitled " + books.entitled()
                    + " exceeds the funds received in hand " + fundsReceived
                    + " (recovered - frozen pending + treasury + insurance)"));
        }
    }

    private static void compareSources(AssetFigures figures, AssetBooks books, List<Difference> differences) {
        AssetFigures.LineTotals lines = figures.lines();
        if (!lines.approved().equals(books.approved()) || !lines.entitled().equals(books.entitled())
                || !lines.paid().equals(books.paid()) || !books.balance(AccountType.LOSS).equals(books.approved())) {
            differences.add(new Difference(DifferenceCode.LINES_DISAGREE_WITH_LIABILITIES, "claim lines approved "
                    + lines.approved() + ", entitled " + lines.entitled() + ", paid " + lines.paid()
                    + "; accounts approved " + books.approved() + " (loss " + books.balance(AccountType.LOSS)
                    + "), entitled " + books.entitled() + ", paid " + books.paid()));
        }
        AssetFigures.EntitlementTotals entitlements = figures.entitlements();
        if (!entitlements.amount().equals(books.entitled()) || !entitlements.paid().equals(books.paid())) {
            differences.add(new Difference(DifferenceCode.ENTITLEMENTS_DISAGREE_WITH_ACCOUNTS, "entitlements total "
                    + entitlements.amount() + ", paid " + entitlements.paid() + "; accounts entitled " + books.entitled()
                    + ", paid " + books.paid()));
        }
        figures.snapshotTotal().filter(total -> books.approved().compareTo(total) > 0).ifPresent(total ->
                differences.add(new Difference(DifferenceCode.APPROVED_EXCEEDS_SNAPSHOT,
                        "approved " + books.approved() + " exceeds the sealed snapshot's total " + total)));
    }
}

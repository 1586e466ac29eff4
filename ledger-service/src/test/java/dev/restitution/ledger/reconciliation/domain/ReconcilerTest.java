package dev.restitution.ledger.reconciliation.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.ledger.recovery.domain.AccountTotals;
import dev.restitution.ledger.recovery.domain.AccountType;
import dev.restitution.ledger.recovery.domain.AssetBooks;
import dev.restitution.ledger.recovery.domain.TransferReason;
import dev.restitution.ledger.verification.domain.ChainVerification;
import dev.restitution.ledger.verification.domain.RecoveryCheck;
import dev.restitution.ledger.verification.domain.VerificationStatus;
import dev.restitution.ledger.verification.domain.VerificationSubject;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

    private static BigInteger units(long value) {
        return BigInteger.valueOf(value);
    }

    /** Books of a small incident: 100 approved, 60 received, 50 entitled, 20 paid, 10 still frozen. */
    private static AssetBooks sound() {
        return AssetBooks.empty()
                .post(TransferReason.CLAIM_APPROVED.posting(units(100)))
                .post(TransferReason.FROZEN_BY_COUNTERPARTY.posting(units(40)))
                .post(TransferReason.RELEASED_BY_COUNTERPARTY.posting(units(30)))
                .post(TransferReason.TREASURY_CONTRIBUTION.posting(units(30)))
                .post(TransferReason.ENTITLEMENTS_ISSUED.posting(units(50)))
                .post(TransferReason.PAYOUT_SETTLED.posting(units(20)));
    }

    private static AssetFigures figures(AssetBooks books, Map<AccountType, AccountTotals> journal) {
        return new AssetFigures("ETH", 18, books, journal,
                new AssetFigures.LineTotals(units(100), units(50), units(20), 0),
                new AssetFigures.EntitlementTotals(units(50), units(20), 0), Optional.of(units(150)));
    }

    @Test
    void soundBooksReconcileWithTheirFigures() {
        // Why: the common case shows every figure and no difference.
        AssetBooks books = sound();
        AssetReconciliation reconciliation = Reconciler.reconcile(figures(books, books.allTotals()));
        assertEquals(List.of(), reconciliation.differences());
        assertEquals(units(100), reconciliation.approved());
        assertEquals(units(10), reconciliation.available());
        assertEquals(units(10), reconciliation.frozenPending());
        assertEquals(units(50), reconciliation.entitled());
        assertEquals(units(20), reconciliation.paid());
        assertEquals(units(50), reconciliation.outstanding());
        assertEquals("0.200000", reconciliation.coverage().toDecimalString());
    }

    @Test
    void tamperedAccountsAreReportedNotAbsorbed() {
        // Why: a payout booked past its entitlement and a one-sided edit must be listed, each with its figures.
        AssetBooks books = sound();
        Map<AccountType, AccountTotals> tampered = new EnumMap<>(books.allTotals());
        tampered.put(AccountType.PAID, tampered.get(AccountType.PAID).debited(units(100)));
        tampered.put(AccountType.ENTITLEMENTS, tampered.get(AccountType.ENTITLEMENTS).credited(units(100)));
        tampered.put(AccountType.AVAILABLE, tampered.get(AccountType.AVAILABLE).debited(units(7)));
        AssetReconciliation reconciliation = Reconciler.reconcile(figures(AssetBooks.of(tampered), books.allTotals()));
        List<DifferenceCode> codes = reconciliation.differences().stream().map(Difference::code).distinct().toList();
        assertEquals(List.of(DifferenceCode.DEBITS_NOT_EQUAL_CREDITS, DifferenceCode.BALANCE_DISAGREES_WITH_TRANSFERS,
                DifferenceCode.NEGATIVE_BALANCE, DifferenceCode.PAID_EXCEEDS_ENTITLED,
                DifferenceCode.LINES_DISAGREE_WITH_LIABILITIES, DifferenceCode.ENTITLEMENTS_DISAGREE_WITH_ACCOUNTS),
                codes);
        assertEquals(units(120), reconciliation.paid());
        assertEquals(units(50), reconciliation.entitled());
    }

    @Test
    void approvedAboveTheSealedSnapshotIsADifference() {
        // Why: claims approved beyond what the snapshot says was held need a person's look.
        AssetBooks books = sound();
        AssetFigures figures = new AssetFigures("ETH", 18, books, books.allTotals(),
                new AssetFigures.LineTotals(units(100), units(50), units(20), 0),
                new AssetFigures.EntitlementTotals(units(50), units(20), 0), Optional.of(units(99)));
        assertEquals(List.of(DifferenceCode.APPROVED_EXCEEDS_SNAPSHOT),
                Reconciler.reconcile(figures).differences().stream().map(Difference::code).toList());
    }

    @Test
    void csvHasAHeaderAndOneQuotedRowPerAsset() {
        // Why: auditors load the CSV into spreadsheets; the shape must be stable.
        AssetBooks books = sound();
        String csv = ReconciliationCsv.write(List.of(Reconciler.reconcile(figures(books, books.allTotals()))));
        String[] rows = csv.split("\r\n");
        assertEquals(ReconciliationCsv.HEADER, rows[0]);
        assertEquals("\"ETH\",18,150,100,10,10,50,20,50,0.200000,40,30,30,0,0,270,270,\"\",\"\",\"\"", rows[1]);
    }

    private static ChainVerification verification(VerificationSubject subject, VerificationStatus status, String detail) {
        return new ChainVerification(UUID.randomUUID(), UUID.randomUUID(), "ETH", subject,
                subject == VerificationSubject.RECOVERY ? Optional.of(UUID.randomUUID()) : Optional.empty(), status, detail,
                1, Optional.empty(), Optional.empty());
    }

    private static RecoveryCheck recovery(VerificationStatus status, long amount, long corrected, String detail) {
        ChainVerification verification = verification(VerificationSubject.RECOVERY, status, detail);
        return new RecoveryCheck(verification.transferId().orElseThrow(), "0x" + "ab".repeat(32), units(amount),
                units(corrected), "eip155:31337", verification);
    }

    @Test
    void aMismatchingRecoveryIsADifferenceUntilCorrectedInFullAndUnverifiedOnesAreOnlyListed() {
        // Why: a recovery the chain contradicts still counts in the books (nothing changes silently) until the
        // operator corrects it, so it must stand out; unverified ones are not wrong, only not yet shown right.
        AssetBooks books = sound();
        AssetReconciliation figures = Reconciler.reconcile(figures(books, books.allTotals()));
        AssetReconciliation checked = figures.withChainChecks(Optional.empty(), List.of(
                recovery(VerificationStatus.MISMATCH, 30, 10, "AMOUNT: expected 30, actual 20"),
                recovery(VerificationStatus.MISMATCH, 5, 5, "RECIPIENT"),
                recovery(VerificationStatus.UNVERIFIED, 7, 0, "waiting"),
                recovery(VerificationStatus.VERIFIED, 9, 0, "mined")));
        assertEquals(List.of(DifferenceCode.RECOVERY_MISMATCH), checked.differences().stream().map(Difference::code).toList());
        assertTrue(checked.differences().get(0).detail().contains("20 still booked): AMOUNT: expected 30, actual 20"));
        assertEquals(4, checked.recoveries().size());
        assertEquals(figures.available(), checked.available(), "the chain's word moves no figure");
        String csv = ReconciliationCsv.write(List.of(checked));
        assertTrue(csv.contains("UNVERIFIED (waiting)") && csv.contains("VERIFIED (mined)"), csv);
    }

    @Test
    void aTokenThatDiffersFromItsDeclarationIsADifference() {
        // Why: a wrong decimals() would scale every amount of the asset; it must make the reconciliation inconsistent.
        AssetBooks books = sound();
        AssetReconciliation checked = Reconciler.reconcile(figures(books, books.allTotals())).withChainChecks(
                Optional.of(verification(VerificationSubject.TOKEN, VerificationStatus.MISMATCH,
                        "DECIMALS: decimals() answers 18, declared 6")), List.of());
        assertEquals(List.of(DifferenceCode.TOKEN_MISMATCH), checked.differences().stream().map(Difference::code).toList());
        assertEquals(false, checked.consistent());
    }
}

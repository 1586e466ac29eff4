package dev.restitution.ledger.recovery.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssetBooksTest {

    private static BigInteger units(long value) {
        return BigInteger.valueOf(value);
    }

    @Test
    void aFreezeAndItsReleaseMoveFundsFromPendingToAvailable() {
        // Why: "counterparty froze X, later released" must end as available funds with nothing left pending.
        AssetBooks books = AssetBooks.empty()
                .post(TransferReason.FROZEN_BY_COUNTERPARTY.posting(units(100)))
                .post(TransferReason.RELEASED_BY_COUNTERPARTY.posting(units(60)));
        assertEquals(units(40), books.frozenPending());
        assertEquals(units(60), books.available());
        assertEquals(units(100), books.balance(AccountType.RECOVERED));
        assertEquals(books.totalDebits(), books.totalCredits());
    }

    @Test
    void releasingMoreThanIsFrozenIsRefusedAndPostingItAnywayThrows() {
        // Why: an operator's mistake is a clear refusal; code that books it regardless is a bug that must stop loudly.
        AssetBooks books = AssetBooks.empty().post(TransferReason.FROZEN_BY_COUNTERPARTY.posting(units(10)));
        Posting release = TransferReason.RELEASED_BY_COUNTERPARTY.posting(units(11));
        assertTrue(books.refusal(release).orElseThrow().contains("released 11 exceeds frozen 10"));
        assertThrows(IllegalStateException.class, () -> books.post(release));
    }

    @Test
    void entitlingMoreThanIsAvailableIsRefused() {
        // Why: no round may entitle funds the exchange does not hold.
        AssetBooks books = AssetBooks.empty()
                .post(TransferReason.CLAIM_APPROVED.posting(units(100)))
                .post(TransferReason.TREASURY_CONTRIBUTION.posting(units(30)));
        assertTrue(books.refusal(TransferReason.ENTITLEMENTS_ISSUED.posting(units(31))).isPresent());
        assertEquals(units(70), books.post(TransferReason.ENTITLEMENTS_ISSUED.posting(units(30))).outstanding());
    }

    @Test
    void payingMoreThanIsEntitledThrows() {
        // Why: paid <= entitled is an invariant, not a hope.
        AssetBooks books = AssetBooks.empty()
                .post(TransferReason.CLAIM_APPROVED.posting(units(100)))
                .post(TransferReason.RECOVERED_ON_CHAIN.posting(units(50)))
                .post(TransferReason.ENTITLEMENTS_ISSUED.posting(units(50)));
        assertEquals(units(50), books.post(TransferReason.PAYOUT_SETTLED.posting(units(50))).paid());
        assertThrows(IllegalStateException.class, () -> books.post(TransferReason.PAYOUT_SETTLED.posting(units(51))));
    }

    @Test
    void storedBooksThatDoNotBalanceAreReported() {
        // Why: rows changed behind the ledger's back must show up, not be trusted.
        AssetBooks corrupt = AssetBooks.of(Map.of(AccountType.PAID, new AccountTotals(units(5), BigInteger.ZERO)));
        assertEquals(2, corrupt.violations().size());
        assertThrows(IllegalStateException.class, corrupt::requireInvariants);
        assertThrows(IllegalStateException.class,
                () -> corrupt.refusal(TransferReason.TREASURY_CONTRIBUTION.posting(units(1))));
    }

    @Test
    void aCorrectionIsTheReverseOfTheCorrectedPosting() {
        // Why: corrections are new transfers that undo exactly what they name.
        Posting treasury = TransferReason.TREASURY_CONTRIBUTION.posting(units(25));
        AssetBooks booked = AssetBooks.empty().post(treasury);
        AssetBooks corrected = booked.post(treasury.reversed(units(25)));
        assertEquals(BigInteger.ZERO, corrected.available());
        assertEquals(BigInteger.ZERO, corrected.balance(AccountType.TREASURY));
        assertEquals(units(25), corrected.totals(AccountType.AVAILABLE).credits());
    }
}

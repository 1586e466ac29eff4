package dev.restitution.ledger.reconciliation.domain;

import dev.restitution.ledger.recovery.domain.AccountTotals;
import dev.restitution.ledger.recovery.domain.AccountType;
import dev.restitution.ledger.recovery.domain.AssetBooks;
import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything reconciliation compares for one asset, each from its own source: the account rows,
 * the journal of transfers, the claim lines, the entitlements and the sealed snapshot.
 *
 * @param books the account rows as stored
 * @param journal per account, the sums of the transfers that debited and credited it
 * @param lines the sums over the claim lines, with how many break paid &lt;= entitled &lt;= approved
 * @param entitlements the sums over the entitlement rows, with how many are paid above their amount
 * @param snapshotTotal the sealed snapshot's total of the asset, when a snapshot is sealed
 */
public record AssetFigures(String asset, int decimals, AssetBooks books, Map<AccountType, AccountTotals> journal,
                           LineTotals lines, EntitlementTotals entitlements, Optional<BigInteger> snapshotTotal) {

    public AssetFigures {
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(books, "books");
        journal = Map.copyOf(journal);
        Objects.requireNonNull(lines, "lines");
        Objects.requireNonNull(entitlements, "entitlements");
        Objects.requireNonNull(snapshotTotal, "snapshotTotal");
    }

    public record LineTotals(BigInteger approved, BigInteger entitled, BigInteger paid, long inconsistentLines) {
        public static final LineTotals NONE = new LineTotals(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, 0);
    }

    public record EntitlementTotals(BigInteger amount, BigInteger paid, long overpaid) {
        public static final EntitlementTotals NONE = new EntitlementTotals(BigInteger.ZERO, BigInteger.ZERO, 0);
    }
}

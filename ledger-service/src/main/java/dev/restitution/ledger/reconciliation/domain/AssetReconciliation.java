package dev.restitution.ledger.reconciliation.domain;

import dev.restitution.ledger.round.domain.Coverage;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/** One asset's reconciled figures (all in minor units) and every difference found. */
public record AssetReconciliation(String asset, int decimals, Optional<BigInteger> snapshotTotal, BigInteger approved,
                                  BigInteger available, BigInteger frozenPending, BigInteger entitled, BigInteger paid,
                                  BigInteger outstanding, Coverage coverage, BigInteger recovered, BigInteger released,
                                  BigInteger treasury, BigInteger insurance, BigInteger dust, BigInteger debits,
                                  BigInteger credits, List<Difference> differences) {
    public AssetReconciliation {
        differences = List.copyOf(differences);
    }

    public boolean consistent() {
        return differences.isEmpty();
    }
}

package dev.restitution.ledger.reconciliation.domain;

import dev.restitution.ledger.round.domain.Coverage;
import dev.restitution.ledger.verification.domain.ChainVerification;
import dev.restitution.ledger.verification.domain.RecoveryCheck;
import dev.restitution.ledger.verification.domain.VerificationStatus;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One asset's reconciled figures (all in minor units), every difference found, and what the chain says about
 * its token contract and its on-chain recoveries.
 */
public record AssetReconciliation(String asset, int decimals, Optional<BigInteger> snapshotTotal, BigInteger approved,
                                  BigInteger available, BigInteger frozenPending, BigInteger entitled, BigInteger paid,
                                  BigInteger outstanding, Coverage coverage, BigInteger recovered, BigInteger released,
                                  BigInteger treasury, BigInteger insurance, BigInteger dust, BigInteger debits,
                                  BigInteger credits, List<Difference> differences,
                                  Optional<ChainVerification> tokenVerification, List<RecoveryCheck> recoveries) {
    public AssetReconciliation {
        differences = List.copyOf(differences);
        recoveries = List.copyOf(recoveries);
    }

    public boolean consistent() {
        return differences.isEmpty();
    }

    /**
     * These figures with the chain's word added: a token that mismatches its declaration, and each mismatching
     * recovery not yet corrected in full, become differences. Unverified items are listed, not differences.
     */
    public AssetReconciliation withChainChecks(Optional<ChainVerification> token, List<RecoveryCheck> checks) {
        List<Difference> found = new ArrayList<>(differences);
        token.filter(verification -> verification.status() == VerificationStatus.MISMATCH).ifPresent(verification ->
                found.add(new Difference(DifferenceCode.TOKEN_MISMATCH, "the token contract differs from the declaration: "
                        + verification.detail())));
        for (RecoveryCheck check : checks) {
            if (check.mismatchStillBooked()) {
                found.add(new Difference(DifferenceCode.RECOVERY_MISMATCH, "transfer " + check.transferId() + " ("
                        + check.txHash() + ", " + check.amount().subtract(check.corrected()) + " still booked): "
                        + check.verification().detail()));
            }
        }
        return new AssetReconciliation(asset, decimals, snapshotTotal, approved, available, frozenPending, entitled, paid,
                outstanding, coverage, recovered, released, treasury, insurance, dust, debits, credits, found, token, checks);
    }
}

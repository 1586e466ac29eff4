package dev.restitution.claims.claim.domain;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** The rules of submitting and verifying, without persistence: unit-testable on plain values. */
public final class ClaimRules {

    private ClaimRules() {
    }

    /** Chains that still need a proven payout address: every chain of a line, minus the proven ones. */
    public static Set<Long> chainsWithoutAddress(Collection<Long> lineChains, Collection<Long> provenChains) {
        Set<Long> missing = new TreeSet<>(lineChains);
        missing.removeAll(provenChains);
        return missing;
    }

    /** A claim is approved automatically when submitted, every line accepted, KYC verified and every chain proven. */
    public static boolean approvableAutomatically(ClaimStatus status, Collection<LineStatus> lines, boolean kycVerified,
                                                  Set<Long> chainsWithoutAddress) {
        return status == ClaimStatus.SUBMITTED && !lines.isEmpty()
                && lines.stream().allMatch(line -> line == LineStatus.ACCEPTED)
                && kycVerified && chainsWithoutAddress.isEmpty();
    }
}

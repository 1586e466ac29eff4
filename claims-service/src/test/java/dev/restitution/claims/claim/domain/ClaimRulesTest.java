package dev.restitution.claims.claim.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimRulesTest {

    @Test
    void everyChainOfALineNeedsAProvenAddress() {
        // Why: a line is paid on its asset's chain; without a proven address there it cannot be paid.
        assertEquals(Set.of(56L), ClaimRules.chainsWithoutAddress(List.of(1L, 56L, 1L), List.of(1L)));
        assertEquals(Set.of(), ClaimRules.chainsWithoutAddress(List.of(1L), List.of(1L, 137L)));
    }

    @Test
    void onlyASubmittedFullyAcceptedKycVerifiedClaimWithAddressesIsApprovedAutomatically() {
        // Why: each missing condition alone must stop the automatic approval.
        List<LineStatus> accepted = List.of(LineStatus.ACCEPTED, LineStatus.ACCEPTED);
        assertTrue(ClaimRules.approvableAutomatically(ClaimStatus.SUBMITTED, accepted, true, Set.of()));
        assertFalse(ClaimRules.approvableAutomatically(ClaimStatus.DRAFT, accepted, true, Set.of()));
        assertFalse(ClaimRules.approvableAutomatically(ClaimStatus.APPROVED, accepted, true, Set.of()));
        assertFalse(ClaimRules.approvableAutomatically(ClaimStatus.SUBMITTED,
                List.of(LineStatus.ACCEPTED, LineStatus.PENDING), true, Set.of()));
        assertFalse(ClaimRules.approvableAutomatically(ClaimStatus.SUBMITTED, accepted, false, Set.of()));
        assertFalse(ClaimRules.approvableAutomatically(ClaimStatus.SUBMITTED, accepted, true, Set.of(56L)));
        assertFalse(ClaimRules.approvableAutomatically(ClaimStatus.SUBMITTED, List.of(), true, Set.of()));
    }
}

package dev.restitution.claims.claim.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimLifecycleTest {

    /** The moves as the product allows them, written out independently of the table under test. */
    private static final Map<ClaimStatus, Set<ClaimStatus>> ALLOWED = Map.of(
            ClaimStatus.DRAFT, EnumSet.of(ClaimStatus.SUBMITTED, ClaimStatus.UNDER_REVIEW, ClaimStatus.WITHDRAWN),
            ClaimStatus.SUBMITTED, EnumSet.of(ClaimStatus.APPROVED, ClaimStatus.WITHDRAWN),
            ClaimStatus.UNDER_REVIEW, EnumSet.of(ClaimStatus.NEEDS_INFO, ClaimStatus.PENDING_SECOND_APPROVAL,
                    ClaimStatus.APPROVED, ClaimStatus.REJECTED, ClaimStatus.WITHDRAWN),
            ClaimStatus.NEEDS_INFO, EnumSet.of(ClaimStatus.UNDER_REVIEW, ClaimStatus.WITHDRAWN),
            ClaimStatus.PENDING_SECOND_APPROVAL, EnumSet.of(ClaimStatus.APPROVED, ClaimStatus.UNDER_REVIEW,
                    ClaimStatus.WITHDRAWN),
            ClaimStatus.APPROVED, EnumSet.noneOf(ClaimStatus.class),
            ClaimStatus.REJECTED, EnumSet.noneOf(ClaimStatus.class),
            ClaimStatus.WITHDRAWN, EnumSet.noneOf(ClaimStatus.class));

    @Test
    void everyAllowedClaimMoveIsAllowedAndEveryOtherRefusedWithItsReason() {
        // Why: the table is the only place a claim's state may change; a move missing or extra there changes what claimants and reviewers can do.
        for (ClaimStatus from : ClaimStatus.values()) {
            for (ClaimStatus to : ClaimStatus.values()) {
                Optional<ClaimLifecycle.Refusal> refusal = ClaimLifecycle.checkMove(from, to);
                if (ALLOWED.get(from).contains(to)) {
                    assertEquals(Optional.empty(), refusal, from + " -> " + to);
                } else {
                    ClaimLifecycle.Refusal.Kind expected = ALLOWED.get(from).isEmpty()
                            ? ClaimLifecycle.Refusal.Kind.FINAL : ClaimLifecycle.Refusal.Kind.NOT_A_MOVE;
                    assertEquals(expected, refusal.orElseThrow().kind(), from + " -> " + to);
                }
            }
        }
    }

    @Test
    void aClaimIsFinalExactlyWhenItIsDecidedOrWithdrawn() {
        // Why: withdrawal and evidence are refused by "decided", which must mean the same as "never moves again".
        for (ClaimStatus status : ClaimStatus.values()) {
            assertEquals(!status.undecided(), ClaimLifecycle.FINAL.contains(status), status.name());
        }
    }

    @Test
    void aRefusedMoveThrowsWithItsRefusalAndAnAllowedOneAnswersTheNewState() {
        // Why: entities change state only through move; a refused move must stop the command, not be ignored.
        assertEquals(ClaimStatus.NEEDS_INFO, ClaimLifecycle.move(ClaimStatus.UNDER_REVIEW, ClaimStatus.NEEDS_INFO));
        ClaimLifecycle.RefusedMove refused = assertThrows(ClaimLifecycle.RefusedMove.class,
                () -> ClaimLifecycle.move(ClaimStatus.SUBMITTED, ClaimStatus.REJECTED));
        assertEquals(ClaimLifecycle.Refusal.Kind.NOT_A_MOVE, refused.refusal().kind());
        assertTrue(refused.getMessage().contains("SUBMITTED cannot move to REJECTED"), refused.getMessage());
    }

    @Test
    void linesAreDecidedInADraftAndOnlyDisputesAreAmendedUnderReview() {
        // Why: after submission the accepted amounts are what was verified; only a disputed line stays open to the claimant.
        Set<ClaimStatus> inReview = ClaimStatus.IN_REVIEW;
        for (ClaimStatus claim : ClaimStatus.values()) {
            for (LineStatus from : LineStatus.values()) {
                for (LineStatus to : LineStatus.values()) {
                    Optional<ClaimLifecycle.Refusal> refusal = ClaimLifecycle.checkLineMove(claim, from, to);
                    boolean aMove = to != LineStatus.PENDING && !(from == LineStatus.ACCEPTED && to == LineStatus.ACCEPTED);
                    boolean allowedNow = claim == ClaimStatus.DRAFT
                            || (inReview.contains(claim) && from == LineStatus.DISPUTED && to == LineStatus.DISPUTED);
                    String move = claim + ": " + from + " -> " + to;
                    if (!aMove) {
                        assertEquals(ClaimLifecycle.Refusal.Kind.NOT_A_MOVE, refusal.orElseThrow().kind(), move);
                    } else if (allowedNow) {
                        assertEquals(Optional.empty(), refusal, move);
                    } else {
                        assertEquals(ClaimLifecycle.Refusal.Kind.CLAIM_STATE, refusal.orElseThrow().kind(), move);
                    }
                }
            }
        }
    }
}

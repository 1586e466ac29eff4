package dev.restitution.claims.claim;

import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import java.util.UUID;

/** The refusals that more than one step of a claim answers. */
final class ClaimProblems {

    private ClaimProblems() {
    }

    static ProblemException claimExists(UUID incidentId) {
        return ProblemException.conflict("claim-exists", "Your account already has a claim for incident " + incidentId + ".");
    }

    static ProblemException keyReused() {
        return ProblemException.conflict("idempotency-key-reused",
                "This Idempotency-Key was already used for another request; use a new key.");
    }

    /** Neutral on purpose: the claimant is not told that, or why, the address is listed. */
    static ProblemException addressNotAccepted() {
        return new ProblemException(ProblemDetails.of("address-not-accepted", "Address not accepted", 400,
                "This address cannot receive payouts for this incident. Please prove another address."));
    }
}

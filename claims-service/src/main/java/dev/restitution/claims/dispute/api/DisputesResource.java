package dev.restitution.claims.dispute.api;

import dev.restitution.kit.money.Uint256;
import dev.restitution.claims.claim.api.ClaimModels;
import dev.restitution.claims.dispute.DisputeService;
import dev.restitution.claims.security.Callers;
import dev.restitution.claims.security.Roles;
import dev.restitution.contracts.claims.api.DisputesApi;
import dev.restitution.contracts.claims.model.ClaimWithdrawal;
import dev.restitution.contracts.claims.model.LineDispute;
import dev.restitution.contracts.claims.model.QuestionAnswer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** Thin adapter between the generated disputes API and {@link DisputeService}. */
public class DisputesResource implements DisputesApi {

    private final DisputeService disputes;
    private final Callers callers;

    public DisputesResource(DisputeService disputes, Callers callers) {
        this.disputes = disputes;
        this.callers = callers;
    }

    @Override
    @RolesAllowed(Roles.CLAIMANT)
    public Response disputeClaimLine(UUID claimId, UUID lineId, LineDispute dispute) {
        return Response.ok(ClaimModels.toModel(disputes.dispute(claimId, lineId, Uint256.parse("claimedAmount", dispute.getClaimedAmount()),
                dispute.getExplanation(), callers.claimant()), false)).build();
    }

    @Override
    @RolesAllowed(Roles.CLAIMANT)
    public Response answerQuestion(UUID claimId, UUID questionId, QuestionAnswer answer) {
        return Response.ok(ClaimModels.toModel(disputes.answer(claimId, questionId, answer.getAnswer(),
                callers.claimant()), false)).build();
    }

    @Override
    @RolesAllowed(Roles.CLAIMANT)
    public Response withdrawClaim(UUID claimId, ClaimWithdrawal withdrawal) {
        return Response.ok(ClaimModels.toModel(disputes.withdraw(claimId, withdrawal.getReason(), callers.claimant()),
                false)).build();
    }
}

package dev.restitution.ledger.round.api;

import dev.restitution.ledger.audit.api.ActorModel;
import dev.restitution.contracts.ledger.api.RoundsApi;
import dev.restitution.contracts.ledger.model.EntitlementPage;
import dev.restitution.contracts.ledger.model.RoundAsset;
import dev.restitution.contracts.ledger.model.RoundDecision;
import dev.restitution.contracts.ledger.model.RoundPage;
import dev.restitution.contracts.ledger.model.RoundProposal;
import dev.restitution.kit.audit.Callers;
import dev.restitution.ledger.round.RoundService;
import dev.restitution.ledger.round.domain.Entitlement;
import dev.restitution.ledger.round.domain.Round;
import dev.restitution.ledger.round.domain.RoundAssetPlan;
import dev.restitution.ledger.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigInteger;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Thin adapter between the generated rounds API and {@link RoundService}. */
public class RoundsResource implements RoundsApi {

    private final RoundService rounds;
    private final JsonWebToken caller;

    @Context
    UriInfo uriInfo;

    public RoundsResource(RoundService rounds, JsonWebToken caller) {
        this.rounds = rounds;
        this.caller = caller;
    }

    @Override
    @RolesAllowed(Roles.FINANCE_OPERATOR)
    public Response proposeRound(UUID incidentId, String idempotencyKey, RoundProposal proposal) {
        RoundService.Proposed proposed = rounds.propose(incidentId, idempotencyKey, proposal.getNote(),
                Callers.of(caller));
        if (proposed.replayed()) {
            return Response.ok(toModel(proposed.round())).build();
        }
        return Response.created(uriInfo.getBaseUriBuilder().path("rounds").path(proposed.round().id().toString())
                .build()).entity(toModel(proposed.round())).build();
    }

    @Override
    @RolesAllowed(Roles.FINANCE_APPROVER)
    public Response approveRound(UUID roundId, RoundDecision decision) {
        return Response.ok(toModel(rounds.approve(roundId, decision.getReason(), Callers.of(caller)))).build();
    }

    @Override
    @RolesAllowed(Roles.FINANCE_APPROVER)
    public Response rejectRound(UUID roundId, RoundDecision decision) {
        return Response.ok(toModel(rounds.reject(roundId, decision.getReason(), Callers.of(caller)))).build();
    }

    @Override
    @RolesAllowed({Roles.FINANCE_OPERATOR, Roles.FINANCE_APPROVER, Roles.AUDITOR})
    public Response getRound(UUID roundId) {
        return Response.ok(toModel(rounds.get(roundId))).build();
    }

    @Override
    @RolesAllowed({Roles.FINANCE_OPERATOR, Roles.FINANCE_APPROVER, Roles.AUDITOR})
    public Response listRounds(UUID incidentId, Integer limit, Integer offset) {
        RoundService.RoundPage page = rounds.page(incidentId, offset, limit);
        return Response.ok(new RoundPage().items(page.items().stream().map(RoundsResource::toModel).toList())
                .limit(limit).offset(offset).total(page.total())).build();
    }

    @Override
    @RolesAllowed({Roles.FINANCE_OPERATOR, Roles.FINANCE_APPROVER, Roles.AUDITOR, Roles.SERVICE})
    public Response listEntitlements(UUID roundId, UUID after, Integer limit) {
        return Response.ok(new EntitlementPage().limit(limit).items(rounds.entitlements(roundId,
                Optional.ofNullable(after), limit).stream().map(RoundsResource::toModel).toList())).build();
    }

    private static dev.restitution.contracts.ledger.model.Round toModel(Round round) {
        return new dev.restitution.contracts.ledger.model.Round()
                .id(round.id())
                .incidentId(round.incidentId())
                .number(round.number())
                .state(dev.restitution.contracts.ledger.model.RoundState.valueOf(round.state().name()))
                .note(round.note())
                .proposedBy(ActorModel.of(round.proposedBy()))
                .proposedAt(round.proposedAt().atOffset(ZoneOffset.UTC))
                .decidedBy(round.decidedBy().map(ActorModel::of).orElse(null))
                .decidedAt(round.decidedAt().map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null))
                .decisionReason(round.decisionReason().orElse(null))
                .planDigest(round.planDigest())
                .assets(round.assets().stream().map(RoundsResource::toModel).toList());
    }

    private static RoundAsset toModel(RoundAssetPlan plan) {
        return new RoundAsset()
                .assetSymbol(plan.asset())
                .available(plan.distributable().toString())
                .outstanding(plan.outstanding().toString())
                .convenienceThreshold(plan.threshold().map(BigInteger::toString).orElse(null))
                .smallOutstanding(plan.smallOutstanding().map(BigInteger::toString).orElse(null))
                .mode(plan.mode().map(mode -> RoundAsset.ModeEnum.valueOf(mode.name())).orElse(null))
                .shareNumerator(plan.share().map(share -> share.numerator().toString()).orElse(null))
                .shareDenominator(plan.share().map(share -> share.denominator().toString()).orElse(null))
                .coverage(plan.coverage().toDecimalString())
                .entitled(plan.entitled().toString())
                .dust(plan.dust().toString())
                .lines(plan.lines())
                .linesInFull(plan.linesInFull())
                .unverifiedWithheld(plan.withheldUnverified().toString());
    }

    private static dev.restitution.contracts.ledger.model.Entitlement toModel(Entitlement entitlement) {
        return new dev.restitution.contracts.ledger.model.Entitlement()
                .id(entitlement.id())
                .roundId(entitlement.roundId())
                .claimId(entitlement.claimId())
                .lineId(entitlement.lineId())
                .accountId(entitlement.accountId())
                .assetSymbol(entitlement.asset())
                .amount(entitlement.amount().toString())
                .paid(entitlement.paid().toString())
                .payoutAddress(entitlement.payoutAddress());
    }
}

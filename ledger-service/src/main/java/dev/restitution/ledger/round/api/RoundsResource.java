package dev.restitution.ledger.round.api;

import dev.restitution.contracts.ledger.api.RoundsApi;
import dev.restitution.contracts.ledger.model.AccountEntitlements;
import dev.restitution.contracts.ledger.model.EntitlementEntry;
import dev.restitution.contracts.ledger.model.EntitlementPage;
import dev.restitution.contracts.ledger.model.RoundAsset;
import dev.restitution.contracts.ledger.model.RoundDecision;
import dev.restitution.contracts.ledger.model.RoundPage;
import dev.restitution.contracts.ledger.model.RoundProposal;
import dev.restitution.kit.audit.Callers;
import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import dev.restitution.ledger.audit.api.ActorModel;
import dev.restitution.ledger.commitment.api.CommitmentModel;
import dev.restitution.ledger.commitment.persistence.CommitmentStore;
import dev.restitution.ledger.incident.IncidentService;
import dev.restitution.ledger.round.EntitlementTrees;
import dev.restitution.ledger.round.RoundService;
import dev.restitution.ledger.round.domain.Entitlement;
import dev.restitution.ledger.round.domain.EntitlementLeaf;
import dev.restitution.ledger.round.domain.EntitlementTree;
import dev.restitution.ledger.round.domain.Round;
import dev.restitution.ledger.round.domain.RoundAssetPlan;
import dev.restitution.ledger.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigInteger;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Thin adapter between the generated rounds API and {@link RoundService}. */
public class RoundsResource implements RoundsApi {

    /** Who may read any account's entitlement proofs, as any account's balance proofs. */
    private static final List<String> STAFF_READERS = List.of(Roles.INCIDENT_ADMIN, Roles.AUDITOR, Roles.SUPPORT_AGENT,
            Roles.SUPPORT_LEAD, Roles.SERVICE);
    private static final String ACCOUNT_CLAIM = "account_id";
    private static final HexFormat HEX = HexFormat.of();

    private final RoundService rounds;
    private final JsonWebToken caller;
    private final SecurityIdentity identity;
    private final IncidentService incidents;
    private final CommitmentStore commitments;

    @Context
    UriInfo uriInfo;

    public RoundsResource(RoundService rounds, JsonWebToken caller, SecurityIdentity identity,
                          IncidentService incidents, CommitmentStore commitments) {
        this.incidents = incidents;
        this.commitments = commitments;
        this.rounds = rounds;
        this.caller = caller;
        this.identity = identity;
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
        return Response.ok(new RoundPage().items(page.items().stream().map(this::toModel).toList())
                .limit(limit).offset(offset).total(page.total())).build();
    }

    @Override
    @RolesAllowed({Roles.FINANCE_OPERATOR, Roles.FINANCE_APPROVER, Roles.AUDITOR, Roles.SERVICE})
    public Response listEntitlements(UUID roundId, UUID after, Integer limit) {
        Round round = rounds.get(roundId);
        Map<String, String> assetIds = incidents.assetIds(round.incidentId());
        return Response.ok(new EntitlementPage().limit(limit).items(rounds.entitlements(roundId,
                Optional.ofNullable(after), limit).stream()
                .map(entitlement -> toModel(entitlement, assetIds.get(entitlement.asset()))).toList())).build();
    }

    @Override
    @RolesAllowed(Roles.CLAIMANT)
    public Response getMyRoundEntitlements(UUID roundId) {
        return Response.ok(toModel(rounds.entitlementProofs(roundId, ownAccount()))).build();
    }

    @Override
    @RolesAllowed({Roles.INCIDENT_ADMIN, Roles.AUDITOR, Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD, Roles.SERVICE,
            Roles.CLAIMANT})
    public Response getAccountRoundEntitlements(UUID roundId, String accountId) {
        boolean staff = STAFF_READERS.stream().anyMatch(identity::hasRole);
        if (!staff && !accountId.equals(ownAccount())) {
            throw new ProblemException(ProblemDetails.of("forbidden", "Forbidden", 403,
                    "A claimant sees only the entitlements of their own account."));
        }
        return Response.ok(toModel(rounds.entitlementProofs(roundId, accountId))).build();
    }

    /** The claimant's exchange account from the token; a claimant token without one is refused. */
    private String ownAccount() {
        Object claim = caller.getClaim(ACCOUNT_CLAIM);
        String accountId = claim == null ? "" : claim.toString();
        if (accountId.isBlank()) {
            throw new ProblemException(ProblemDetails.of("forbidden", "Forbidden", 403,
                    "The token carries no account_id claim, so no entitlements belong to it."));
        }
        return accountId;
    }

    private AccountEntitlements toModel(EntitlementTrees.AccountProofs proofs) {
        return new AccountEntitlements()
                .roundId(proofs.round().id())
                .incidentId(proofs.round().incidentId())
                .roundNumber(proofs.round().number())
                .accountId(proofs.accountId())
                .entitlementRoot(proofs.tree().rootHex())
                .leafFormat(proofs.tree().leafFormat())
                .leafEncoding(EntitlementLeaf.Kind.EXCHANGE_ACCOUNT.leafEncoding())
                .entries(proofs.entries().stream().map(RoundsResource::toModel).toList())
                .commitment(commitments.ofRound(proofs.round().id()).map(CommitmentModel::of).orElse(null));
    }

    private static EntitlementEntry toModel(EntitlementTrees.LeafProof proof) {
        return new EntitlementEntry()
                .entitlementId(proof.entitlement().entitlementId())
                .assetSymbol(proof.asset().symbol())
                .assetId(proof.asset().assetId().toString())
                .decimals(proof.asset().decimals())
                .amount(proof.entitlement().amount().toString())
                .cumulativeAmount(proof.entitlement().cumulative().toString())
                .salt(hex(proof.salt()))
                .accountCommitment(hex(proof.leaf().account()))
                .leaf(proof.leaf().values())
                .leafHash(hex(proof.leafHash()))
                .proof(Arrays.stream(proof.proof()).map(RoundsResource::hex).toList());
    }

    private static String hex(byte[] bytes) {
        return "0x" + HEX.formatHex(bytes);
    }

    private dev.restitution.contracts.ledger.model.Round toModel(Round round) {
        Map<String, String> assetIds = incidents.assetIds(round.incidentId());
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
                .entitlementRoot(round.entitlementTree().map(EntitlementTree::rootHex).orElse(null))
                .entitlementLeafFormat(round.entitlementTree().map(EntitlementTree::leafFormat).orElse(null))
                .entitlementLeaves(round.entitlementTree().map(EntitlementTree::leaves).orElse(null))
                .assets(round.assets().stream().map(plan -> toModel(plan, assetIds.get(plan.asset()))).toList())
                .commitment(commitments.ofRound(round.id()).map(CommitmentModel::of).orElse(null));
    }

    private static RoundAsset toModel(RoundAssetPlan plan, String assetId) {
        return new RoundAsset()
                .assetSymbol(plan.asset())
                .assetId(assetId)
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

    private static dev.restitution.contracts.ledger.model.Entitlement toModel(Entitlement entitlement, String assetId) {
        return new dev.restitution.contracts.ledger.model.Entitlement()
                .id(entitlement.id().value())
                .roundId(entitlement.roundId().value())
                .claimId(entitlement.claimId().value())
                .lineId(entitlement.lineId().value())
                .accountId(entitlement.accountId())
                .assetSymbol(entitlement.asset())
                .assetId(assetId)
                .amount(entitlement.amount().toString())
                .paid(entitlement.paid().toString())
                .payoutAddress(entitlement.payoutAddress());
    }
}

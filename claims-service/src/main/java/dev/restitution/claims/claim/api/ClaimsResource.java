package dev.restitution.claims.claim.api;

import dev.restitution.claims.claim.ClaimService;
import dev.restitution.claims.claim.PayoutAddressChanges;
import dev.restitution.claims.claim.PayoutAddressProofs;
import dev.restitution.claims.security.Caller;
import dev.restitution.claims.security.Roles;
import dev.restitution.claims.security.StepUpCheck;
import dev.restitution.contracts.claims.api.ClaimsApi;
import dev.restitution.contracts.claims.model.PayoutAddressProof;
import dev.restitution.kit.audit.Callers;
import dev.restitution.kit.audit.api.AuditViews;
import dev.restitution.kit.money.Uint256;
import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Thin adapter between the generated claims API and {@link ClaimService}. */
public class ClaimsResource implements ClaimsApi {

    static final String ACCOUNT_CLAIM = "account_id";

    private final ClaimService claims;
    private final PayoutAddressProofs addressProofs;
    private final PayoutAddressChanges addressChanges;
    private final JsonWebToken token;
    private final SecurityIdentity identity;
    private final StepUpCheck stepUp;

    public ClaimsResource(ClaimService claims, PayoutAddressProofs addressProofs, PayoutAddressChanges addressChanges,
                          JsonWebToken token, SecurityIdentity identity, StepUpCheck stepUp) {
        this.stepUp = stepUp;
        this.claims = claims;
        this.addressChanges = addressChanges;
        this.addressProofs = addressProofs;
        this.token = token;
        this.identity = identity;
    }

    @Override
    @RolesAllowed(Roles.CLAIMANT)
    public Response openClaim(UUID incidentId, String idempotencyKey) {
        ClaimService.Outcome outcome = claims.open(incidentId, idempotencyKey, caller());
        return Response.status(outcome.created() ? 201 : 200).entity(ClaimModels.toModel(outcome.claim(), false)).build();
    }

    @Override
    @RolesAllowed(Roles.CLAIMANT)
    public Response getMyClaim(UUID incidentId) {
        return Response.ok(ClaimModels.toModel(claims.mine(incidentId, caller()), false)).build();
    }

    @Override
    @RolesAllowed({Roles.CLAIMANT, Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD, Roles.AUDITOR})
    public Response getClaim(UUID claimId) {
        Optional<String> onlyAccount = onlyAccountOfClaimant();
        return Response.ok(ClaimModels.toModel(claims.find(claimId, onlyAccount), onlyAccount.isEmpty())).build();
    }

    @Override
    @RolesAllowed({Roles.CLAIMANT, Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD, Roles.AUDITOR})
    public Response getClaimAuditTrail(UUID claimId) {
        AuditViews.ChainView chain = AuditViews.ChainView.of(claims.auditTrail(claimId, onlyAccountOfClaimant()));
        return Response.ok(new ClaimAuditTrail(claimId, chain.intact(), chain.firstBreak(), chain.entries())).build();
    }

    /** Staff see every claim; a claimant only their own account's. */
    private Optional<String> onlyAccountOfClaimant() {
        boolean staff = identity.hasRole(Roles.SUPPORT_AGENT) || identity.hasRole(Roles.SUPPORT_LEAD)
                || identity.hasRole(Roles.AUDITOR);
        return staff ? Optional.empty() : Optional.of(caller().accountId());
    }

    @Override
    @RolesAllowed(Roles.CLAIMANT)
    public Response acceptClaimLine(UUID claimId, UUID lineId) {
        return Response.ok(ClaimModels.toModel(claims.acceptLine(claimId, lineId, caller()), false)).build();
    }

    @Override
    @RolesAllowed(Roles.CLAIMANT)
    public Response provePayoutAddress(UUID claimId, PayoutAddressProof proof) {
        PayoutAddressProofs.AddressProof command = new PayoutAddressProofs.AddressProof(proof.getChainId(), proof.getAddress(),
                Uint256.parse("nonce", proof.getNonce()), proof.getExpiry(), proof.getSignature());
        return Response.ok(ClaimModels.toModel(addressProofs.provePayoutAddress(claimId, command, caller()), false)).build();
    }

    @Override
    @RolesAllowed(Roles.CLAIMANT)
    public Response cancelPayoutAddressChange(UUID claimId, Long chainId) {
        return Response.ok(ClaimModels.toModel(addressChanges.cancel(claimId, chainId, caller()), false)).build();
    }

    @Override
    @RolesAllowed(Roles.CLAIMANT)
    public Response submitClaim(UUID claimId, String idempotencyKey) {
        stepUp.require("Submitting a claim");
        return Response.ok(ClaimModels.toModel(claims.submit(claimId, idempotencyKey, caller()), false)).build();
    }

    private Caller caller() {
        Object accountId = token.getClaim(ACCOUNT_CLAIM);
        if (accountId == null || accountId.toString().isBlank()) {
            throw new ProblemException(ProblemDetails.of("no-account", "No exchange account", 403,
                    "The token carries no account_id claim, so no claim belongs to it."));
        }
        return new Caller(accountId.toString(), Callers.of(token));
    }

    /** The claim's chain as {@code ClaimAuditTrail} names it: its entries in the audit API's one shape. */
    public record ClaimAuditTrail(UUID claimId, boolean intact, String firstBreak, List<AuditViews.EntryView> entries) {
    }
}

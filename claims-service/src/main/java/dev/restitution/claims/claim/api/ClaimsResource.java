package dev.restitution.claims.claim.api;

import dev.restitution.claims.claim.ClaimService;
import dev.restitution.claims.claim.domain.ClaimDetails;
import dev.restitution.claims.security.Roles;
import dev.restitution.contracts.claims.api.ClaimsApi;
import dev.restitution.contracts.claims.model.Claim;
import dev.restitution.contracts.claims.model.ClaimAuditEntry;
import dev.restitution.contracts.claims.model.ClaimAuditTrail;
import dev.restitution.contracts.claims.model.ClaimLine;
import dev.restitution.contracts.claims.model.LinePayment;
import dev.restitution.contracts.claims.model.PayoutAddress;
import dev.restitution.contracts.claims.model.PayoutAddressProof;
import dev.restitution.contracts.problem.ProblemDetails;
import dev.restitution.contracts.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Thin adapter between the generated claims API and {@link ClaimService}. */
public class ClaimsResource implements ClaimsApi {

    static final String ACCOUNT_CLAIM = "account_id";

    private final ClaimService claims;
    private final JsonWebToken token;
    private final SecurityIdentity identity;

    public ClaimsResource(ClaimService claims, JsonWebToken token, SecurityIdentity identity) {
        this.claims = claims;
        this.token = token;
        this.identity = identity;
    }

    @Override
    @RolesAllowed(Roles.CLAIMANT)
    public Response openClaim(UUID incidentId, String idempotencyKey) {
        ClaimService.Outcome outcome = claims.open(incidentId, idempotencyKey, caller());
        return Response.status(outcome.created() ? 201 : 200).entity(toModel(outcome.claim())).build();
    }

    @Override
    @RolesAllowed(Roles.CLAIMANT)
    public Response getMyClaim(UUID incidentId) {
        return Response.ok(toModel(claims.mine(incidentId, caller()))).build();
    }

    @Override
    @RolesAllowed({Roles.CLAIMANT, Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD, Roles.AUDITOR})
    public Response getClaim(UUID claimId) {
        return Response.ok(toModel(claims.find(claimId, onlyAccountOfClaimant()))).build();
    }

    @Override
    @RolesAllowed({Roles.CLAIMANT, Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD, Roles.AUDITOR})
    public Response getClaimAuditTrail(UUID claimId) {
        ClaimService.AuditTrail trail = claims.auditTrail(claimId, onlyAccountOfClaimant());
        return Response.ok(new ClaimAuditTrail()
                .claimId(claimId)
                .intact(trail.firstBreak().isEmpty())
                .firstBreak(trail.firstBreak().orElse(null))
                .entries(trail.entries().stream().map(entry -> new ClaimAuditEntry()
                        .sequence(entry.sequence())
                        .at(entry.at().atOffset(ZoneOffset.UTC))
                        .actor(entry.actor())
                        .action(entry.action())
                        .before(entry.before())
                        .after(entry.after())
                        .previousHash(entry.previousHash())
                        .hash(entry.hash())).toList())).build();
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
        return Response.ok(toModel(claims.acceptLine(claimId, lineId, caller()))).build();
    }

    @Override
    @RolesAllowed(Roles.CLAIMANT)
    public Response provePayoutAddress(UUID claimId, PayoutAddressProof proof) {
        ClaimService.AddressProof command = new ClaimService.AddressProof(proof.getChainId(), proof.getAddress(),
                new BigInteger(proof.getNonce()), proof.getExpiry(), proof.getSignature());
        return Response.ok(toModel(claims.provePayoutAddress(claimId, command, caller()))).build();
    }

    @Override
    @RolesAllowed(Roles.CLAIMANT)
    public Response submitClaim(UUID claimId, String idempotencyKey) {
        return Response.ok(toModel(claims.submit(claimId, idempotencyKey, caller()))).build();
    }

    private ClaimService.Caller caller() {
        Object accountId = token.getClaim(ACCOUNT_CLAIM);
        if (accountId == null || accountId.toString().isBlank()) {
            throw new ProblemException(ProblemDetails.of("no-account", "No exchange account", 403,
                    "The token carries no account_id claim, so no claim belongs to it."));
        }
        return new ClaimService.Caller(accountId.toString(), identity.getPrincipal().getName());
    }

    static Claim toModel(ClaimDetails claim) {
        return new Claim()
                .id(claim.id())
                .incidentId(claim.incidentId())
                .accountId(claim.accountId())
                .status(Claim.StatusEnum.fromValue(claim.status().name()))
                .kycVerified(claim.kycVerified())
                .lines(claim.lines().stream().map(line -> new ClaimLine()
                        .id(line.id())
                        .asset(line.asset())
                        .chainId(line.chainId())
                        .decimals(line.decimals())
                        .snapshotAmount(line.snapshotAmount().toString())
                        .status(ClaimLine.StatusEnum.fromValue(line.status().name()))
                        .approvedAmount(line.approvedAmount().map(BigInteger::toString).orElse(null))
                        .paidMinorUnits(line.paidAmount().toString())
                        .payments(line.payments().stream().map(payment -> new LinePayment()
                                .txHash(payment.txHash())
                                .blockNumber(payment.blockNumber())
                                .amount(payment.amount().toString())).toList())).toList())
                .payoutAddresses(claim.payoutAddresses().stream().map(address -> new PayoutAddress()
                        .chainId(address.chainId())
                        .address(address.address())
                        .provenAt(address.provenAt().atOffset(ZoneOffset.UTC))).toList())
                .openedAt(claim.openedAt().atOffset(ZoneOffset.UTC))
                .submittedAt(claim.submittedAt().map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null))
                .approvedAt(claim.approvedAt().map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null));
    }
}

package dev.restitution.portal.claimant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.restitution.contracts.claims.client.ClaimsApi;
import dev.restitution.contracts.claims.client.EvidenceApi;
import dev.restitution.contracts.claims.client.LimitsApi;
import dev.restitution.contracts.claims.model.Claim;
import dev.restitution.contracts.claims.model.PayoutAddressProof;
import dev.restitution.contracts.ledger.client.SnapshotApi;
import dev.restitution.contracts.ledger.model.AccountSnapshot;
import dev.restitution.portal.language.RequestLanguage;
import dev.restitution.portal.web.PortalUser;
import dev.restitution.portal.web.ServiceCalls;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The claimant's pages: balances at the breach with the snapshot root and a downloadable proof file,
 * accepting lines, proving a payout address per chain (EIP-712), submitting, and the claim's status up to
 * the on-chain payment. claims-service and ledger-service decide everything and answer only for the
 * signed-in person's own account; the portal shows their answers.
 */
@Path("/")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class ClaimPages {

    /** Of the validity claims-service allows a proof (GET /limits), this much is left for signing and sending it. */
    static final Duration SIGNING_MARGIN = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PortalUser user;
    private final RequestLanguage language;
    private final ClaimsApi claims;
    private final SnapshotApi snapshots;
    private final EvidenceApi evidence;
    private final LimitsApi limits;
    private final ProofFiles proofFiles;
    private final Clock clock;
    private final Template claimPage;
    private final Template openClaim;
    private final Template addressPage;
    private final Template typedDataFragment;

    public ClaimPages(PortalUser user, @RestClient ClaimsApi claims, @RestClient SnapshotApi snapshots,
            @RestClient EvidenceApi evidence, @RestClient LimitsApi limits, ProofFiles proofFiles,
            @Location("claimant/claim.html") Template claimPage, @Location("claimant/open.html") Template openClaim,
            @Location("claimant/address.html") Template addressPage,
            @Location("claimant/typed-data.html") Template typedDataFragment, RequestLanguage language) {
        this.user = user;
        this.language = language;
        this.claims = claims;
        this.snapshots = snapshots;
        this.evidence = evidence;
        this.limits = limits;
        this.proofFiles = proofFiles;
        this.clock = Clock.systemUTC();
        this.claimPage = claimPage;
        this.openClaim = openClaim;
        this.addressPage = addressPage;
        this.typedDataFragment = typedDataFragment;
    }

    /** The claimant's claim for an incident, or the page to open it with the balances it will start from. */
    @GET
    @Path("incidents/{incidentId}/claim")
    public Response claimForIncident(@PathParam("incidentId") UUID incidentId) {
        Optional<Claim> existing = myClaim(incidentId);
        if (existing.isPresent()) {
            return seeOther("/claims/" + existing.get().getId());
        }
        Optional<AccountSnapshot> snapshot = mySnapshot(incidentId);
        return Response.ok(openClaim.data("incidentId", incidentId).data("snapshot", snapshot.orElse(null))).build();
    }

    @POST
    @Path("incidents/{incidentId}/claim")
    public Response open(@PathParam("incidentId") UUID incidentId) {
        // One key per claimant and incident: a double click or a retry opens the one claim.
        Claim claim = ServiceCalls.claims(() -> claims.openClaim(incidentId, "portal-open-" + incidentId));
        return seeOther("/claims/" + claim.getId());
    }

    @GET
    @Path("claims/{claimId}")
    public TemplateInstance claim(@PathParam("claimId") UUID claimId) {
        Claim claim = ServiceCalls.claims(() -> claims.getClaim(claimId));
        AccountSnapshot snapshot = mySnapshot(claim.getIncidentId()).orElse(null);
        return claimPage.data("claim", claim).data("snapshot", snapshot).data("status", ClaimStatus.of(claim, language.messages()))
                .data("paidLines", claim.getLines().stream().filter(line -> ClaimStatus.paid(line).signum() > 0).toList())
                .data("evidence", ServiceCalls.claims(() -> evidence.listEvidence(claimId)).getItems())
                .data("openQuestion", ClaimStatus.openQuestion(claim).orElse(null));
    }

    /**
     * The claimant's proof file: balance proof, entitlement proofs, on-chain commitments and payments, to check with
     * the portal's /verify page or the command-line verifier against the chain rather than against us.
     */
    @GET
    @Path("claimant/incidents/{incidentId}/proof.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response proofFile(@PathParam("incidentId") UUID incidentId) throws Exception {
        return Response.ok(JSON.writeValueAsString(proofFiles.of(incidentId)))
                .header("Content-Disposition", "attachment; filename=\"restitution-proof-" + incidentId + ".json\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    @POST
    @Path("claims/{claimId}/lines/{lineId}/accept")
    public Response accept(@PathParam("claimId") UUID claimId, @PathParam("lineId") UUID lineId) {
        ServiceCalls.claims(() -> claims.acceptClaimLine(claimId, lineId));
        return seeOther("/claims/" + claimId + "#lines");
    }

    @POST
    @Path("claims/{claimId}/submit")
    public Response submit(@PathParam("claimId") UUID claimId) {
        if (!ServiceCalls.claimsOrStepUp(() -> claims.submitClaim(claimId, "portal-submit-" + claimId))) {
            return seeOther("/step-up?return=/claims/" + claimId);
        }
        return seeOther("/claims/" + claimId);
    }

    /**
     * The page to prove a payout address on one chain. With an address given it shows the exact typed data
     * to sign (fresh nonce, expiry within the service's limit); a browser wallet signs it in place, or the
     * claimant signs it elsewhere and pastes the signature.
     */
    @GET
    @Path("claims/{claimId}/address")
    public TemplateInstance addressForm(@PathParam("claimId") UUID claimId, @RestQuery Long chainId, @RestQuery String address) {
        Claim claim = ServiceCalls.claims(() -> claims.getClaim(claimId));
        long chain = chainId != null ? chainId : claim.getLines().getFirst().getChainId();
        String nonce = new BigInteger(64, RANDOM).toString();
        Duration allowed = Duration.ofSeconds(ServiceCalls.claims(limits::getLimits).getAddressProofMaxValiditySeconds());
        Duration validity = allowed.compareTo(SIGNING_MARGIN.multipliedBy(2)) > 0 ? allowed.minus(SIGNING_MARGIN)
                : allowed.dividedBy(2);
        long expiry = clock.instant().plus(validity).getEpochSecond();
        return addressPage.data("claim", claim).data("chainId", chain).data("address", address == null ? "" : address)
                .data("nonce", nonce).data("expiry", expiry)
                .data("validityMinutes", validity.toMinutes()).data("allowedSeconds", allowed.toSeconds())
                .data("typedData", typedData(claim, chain, address, nonce, expiry).orElse(null))
                .data("addressInvalid", address != null && !address.isEmpty() && !PayoutAddressTypedData.isAddress(address));
    }

    /** htmx fragment: the typed data for the address being typed, same nonce and expiry as the form. */
    @GET
    @Path("claims/{claimId}/address/typed-data")
    public TemplateInstance typedDataFor(@PathParam("claimId") UUID claimId, @RestQuery long chainId, @RestQuery String address,
            @RestQuery String nonce, @RestQuery long expiry) {
        Claim claim = ServiceCalls.claims(() -> claims.getClaim(claimId));
        return typedDataFragment.data("typedData", typedData(claim, chainId, address, nonce, expiry).orElse(null))
                .data("addressInvalid", address != null && !address.isEmpty() && !PayoutAddressTypedData.isAddress(address));
    }

    @POST
    @Path("claims/{claimId}/address")
    public Response proveAddress(@PathParam("claimId") UUID claimId, @RestForm long chainId, @RestForm String address,
            @RestForm String nonce, @RestForm long expiry, @RestForm String signature) {
        PayoutAddressProof proof = new PayoutAddressProof().chainId(chainId).address(trim(address)).nonce(trim(nonce))
                .expiry(expiry).signature(trim(signature));
        if (!ServiceCalls.claimsOrStepUp(() -> claims.provePayoutAddress(claimId, proof))) {
            return seeOther("/step-up?return=/claims/" + claimId + "/address?chainId=" + chainId);
        }
        return seeOther("/claims/" + claimId + "#addresses");
    }

    /** Cancels the chain's address change waiting out its cool-down; the earlier address stays in force. */
    @POST
    @Path("claims/{claimId}/payout-addresses/{chainId}/pending/cancellation")
    public Response cancelAddressChange(@PathParam("claimId") UUID claimId, @PathParam("chainId") long chainId) {
        ServiceCalls.claims(() -> claims.cancelPayoutAddressChange(claimId, chainId));
        return seeOther("/claims/" + claimId + "#addresses");
    }

    private Optional<PayoutAddressTypedData> typedData(Claim claim, long chainId, String address, String nonce, long expiry) {
        if (!PayoutAddressTypedData.isAddress(address) || nonce == null || !nonce.matches("^[0-9]{1,78}$")) {
            return Optional.empty();
        }
        return Optional.of(new PayoutAddressTypedData(claim.getIncidentId(), claim.getAccountId(), chainId, address, nonce, expiry));
    }

    private Optional<Claim> myClaim(UUID incidentId) {
        return ServiceCalls.unlessNotFound(() -> ServiceCalls.claims(() -> claims.getMyClaim(incidentId)));
    }

    private Optional<AccountSnapshot> mySnapshot(UUID incidentId) {
        return ServiceCalls.unlessNotFound(() -> ServiceCalls.ledger(() -> snapshots.getMySnapshotEntries(incidentId)));
    }

    private static String trim(String value) {
        return value == null ? null : value.strip();
    }

    private static Response seeOther(String location) {
        return Response.seeOther(URI.create(location)).build();
    }
}

package dev.restitution.claims.kyc.api;

import dev.restitution.claims.kyc.KycService;
import dev.restitution.claims.kyc.persistence.KycAttestationStore;
import dev.restitution.claims.security.Roles;
import dev.restitution.contracts.claims.api.KycApi;
import dev.restitution.contracts.claims.model.KycAttestation;
import dev.restitution.contracts.claims.model.KycStatus;
import dev.restitution.claims.claim.api.ClaimModels;
import dev.restitution.kit.audit.Callers;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import java.time.ZoneOffset;

/** Thin adapter between the generated KYC API and {@link KycService}. */
public class KycResource implements KycApi {

    private final KycService kyc;
    private final JsonWebToken token;

    public KycResource(KycService kyc, JsonWebToken token) {
        this.kyc = kyc;
        this.token = token;
    }

    @Override
    @RolesAllowed(Roles.KYC_PROVIDER)
    public Response attestKyc(String accountId, KycAttestation attestation) {
        KycAttestationStore.Attestation recorded = kyc.attest(accountId,
                KycAttestationStore.Status.valueOf(attestation.getStatus().value()), attestation.getReference(),
                Callers.of(token));
        return Response.ok(new KycStatus().accountId(recorded.accountId())
                .status(KycStatus.StatusEnum.fromValue(recorded.status().name()))
                .reference(recorded.reference()).attestedBy(ClaimModels.actor(recorded.attestedBy()))
                .attestedAt(recorded.attestedAt().atOffset(ZoneOffset.UTC))).build();
    }
}

package dev.restitution.claims.evidence.api;

import dev.restitution.claims.claim.api.ClaimModels;
import dev.restitution.claims.evidence.EvidenceService;
import dev.restitution.claims.evidence.persistence.EvidenceStore;
import dev.restitution.claims.security.Callers;
import dev.restitution.claims.security.Roles;
import dev.restitution.contracts.claims.api.EvidenceApi;
import dev.restitution.contracts.claims.model.Evidence;
import dev.restitution.contracts.claims.model.EvidenceList;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Thin adapter between the generated evidence API and {@link EvidenceService}. */
public class EvidenceResource implements EvidenceApi {

    private static final Logger LOG = Logger.getLogger(EvidenceResource.class);

    private final EvidenceService evidence;
    private final Callers callers;

    // The Content-Type exactly as the client sent it (absent stays absent): the JAX-RS view may fill in a
    // type the request never declared.
    @Context
    HttpServerRequest request;

    public EvidenceResource(EvidenceService evidence, Callers callers) {
        this.evidence = evidence;
        this.callers = callers;
    }

    @Override
    @RolesAllowed(Roles.CLAIMANT)
    public Response uploadEvidence(UUID claimId, String fileName, File body, UUID lineId) {
        try {
            EvidenceStore.Stored stored = evidence.upload(new EvidenceService.Upload(claimId, Optional.ofNullable(lineId),
                    fileName, request.getHeader(HttpHeaders.CONTENT_TYPE), body.toPath()), callers.claimant());
            return Response.status(201).entity(toModel(stored)).build();
        } finally {
            try {
                Files.deleteIfExists(body.toPath());
            } catch (IOException failure) {
                LOG.warnf("could not delete the uploaded file %s: %s", body, failure.getMessage());
            }
        }
    }

    @Override
    @RolesAllowed({Roles.CLAIMANT, Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD, Roles.AUDITOR})
    public Response listEvidence(UUID claimId) {
        return Response.ok(new EvidenceList().items(evidence.list(claimId, callers.onlyAccountOfClaimant()).stream()
                .map(EvidenceResource::toModel).toList())).build();
    }

    @Override
    @RolesAllowed({Roles.CLAIMANT, Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD})
    public Response downloadEvidence(UUID claimId, UUID evidenceId) {
        EvidenceService.Download download = evidence.download(claimId, evidenceId, callers.onlyAccountOfClaimant());
        return Response.ok(download.content(), download.evidence().type().mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + download.evidence().fileName() + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    private static Evidence toModel(EvidenceStore.Stored stored) {
        return new Evidence()
                .id(stored.id())
                .claimId(stored.claimId())
                .lineId(stored.lineId().orElse(null))
                .fileName(stored.fileName())
                .contentType(Evidence.ContentTypeEnum.fromValue(stored.type().mediaType()))
                .sizeBytes(stored.sizeBytes())
                .sha256(stored.sha256())
                .uploadedBy(ClaimModels.actor(stored.uploadedBy()))
                .uploadedAt(ClaimModels.utc(stored.uploadedAt()));
    }
}

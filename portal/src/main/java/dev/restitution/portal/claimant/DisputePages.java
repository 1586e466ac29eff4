package dev.restitution.portal.claimant;

import dev.restitution.contracts.claims.client.ClaimsApi;
import dev.restitution.contracts.claims.client.DisputesApi;
import dev.restitution.contracts.claims.client.EvidenceApi;
import dev.restitution.contracts.claims.model.Claim;
import dev.restitution.contracts.claims.model.ClaimLine;
import dev.restitution.contracts.claims.model.ClaimWithdrawal;
import dev.restitution.contracts.claims.model.Evidence;
import dev.restitution.contracts.claims.model.LineDispute;
import dev.restitution.contracts.claims.model.QuestionAnswer;
import dev.restitution.portal.language.RequestLanguage;
import dev.restitution.portal.web.FormProblem;
import dev.restitution.portal.web.FormRejected;
import dev.restitution.portal.web.ServiceCalls;
import dev.restitution.portal.web.ServiceProblem;
import dev.restitution.portal.web.ServiceRefused;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The claimant's side of a dispute: the amount they believe they held and why, evidence files (uploaded, listed,
 * downloaded), the answer to a support question, and withdrawing the claim. claims-service decides every
 * step (which states allow it, file types, sizes, the virus scan) and answers only for the claimant's own
 * claim; a refusal is shown with its own words and nothing is changed.
 */
@Path("/")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class DisputePages {

    private static final Logger LOG = Logger.getLogger(DisputePages.class);
    /** claims-service's evidence file names: letters, digits, space and . _ ( ) -, at most 200 characters. */
    static final int MAX_FILE_NAME_CHARS = 200;
    /** What the browser checks before sending (the portal checks again): 1,234.5 in English and Chinese. */
    static final String AMOUNT_PATTERN = "^[0-9][0-9,]*(\\.[0-9]+)?$";
    /** 1.234,5 in Spanish. */
    static final String SPANISH_AMOUNT_PATTERN = "^[0-9][0-9. ]*(,[0-9]+)?$";

    private final RequestLanguage language;
    private final ClaimsApi claims;
    private final DisputesApi disputes;
    private final EvidenceApi evidence;
    private final EvidenceContentType.Declared declaredType;
    private final Template disputePage;

    public DisputePages(@RestClient ClaimsApi claims, @RestClient DisputesApi disputes, @RestClient EvidenceApi evidence,
            EvidenceContentType.Declared declaredType, @Location("claimant/dispute.html") Template disputePage,
            RequestLanguage language) {
        this.language = language;
        this.claims = claims;
        this.disputes = disputes;
        this.evidence = evidence;
        this.declaredType = declaredType;
        this.disputePage = disputePage;
    }

    /** The form to dispute one line, or to change the dispute while support has not decided. */
    @GET
    @Path("claims/{claimId}/lines/{lineId}/dispute")
    public TemplateInstance disputeForm(@PathParam("claimId") UUID claimId, @PathParam("lineId") UUID lineId) {
        Claim claim = ServiceCalls.claims(() -> claims.getClaim(claimId));
        ClaimLine line = lineOf(claim, lineId);
        return disputePage.data("claim", claim).data("line", line)
                .data("claimedWholeUnits", line.getClaimedAmount() == null ? ""
                        : dev.restitution.portal.web.Amounts.plain(line.getClaimedAmount(), line.getDecimals(), language.get()))
                .data("amountPattern", language.get().decimalSeparator() == ',' ? SPANISH_AMOUNT_PATTERN : AMOUNT_PATTERN);
    }

    @POST
    @Path("claims/{claimId}/lines/{lineId}/dispute")
    public Response dispute(@PathParam("claimId") UUID claimId, @PathParam("lineId") UUID lineId,
            @RestForm String claimedAmount, @RestForm String explanation) {
        Claim claim = ServiceCalls.claims(() -> claims.getClaim(claimId));
        ClaimLine line = lineOf(claim, lineId);
        LineDispute dispute = new LineDispute().claimedAmount(WholeUnits.toMinorUnits(claimedAmount, line.getDecimals(), language.get()))
                .explanation(explanation == null ? "" : explanation.strip());
        ServiceCalls.claims(() -> disputes.disputeClaimLine(claimId, lineId, dispute));
        return seeOther("/claims/" + claimId + "#lines");
    }

    /**
     * One evidence file from the claimant's device, passed on with the type their browser declared; the portal
     * takes bodies up to claims-service's own limit, so claims-service's refusal (size, type, scan) is what the
     * claimant reads.
     */
    @POST
    @Path("claims/{claimId}/evidence")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@PathParam("claimId") UUID claimId, @RestForm("file") FileUpload file, @RestForm String lineId) {
        if (file == null || file.fileName() == null || file.fileName().isBlank()) {
            throw new FormRejected(FormProblem.NO_FILE_CHOSEN);
        }
        UUID line = lineId == null || lineId.isBlank() ? null : parseLine(lineId);
        String fileName = safeFileName(file.fileName());
        declaredType.set(file.contentType() == null || file.contentType().isBlank()
                ? MediaType.APPLICATION_OCTET_STREAM : file.contentType());
        File body = file.uploadedFile().toFile();
        ServiceCalls.claims(() -> evidence.uploadEvidence(claimId, fileName, body, line));
        return seeOther("/claims/" + claimId + "#evidence");
    }

    /** An evidence file, as an attachment; for its claimant and support staff alike (claims-service decides who). */
    @GET
    @Path("claims/{claimId}/evidence/{evidenceId}")
    @Produces(MediaType.WILDCARD)
    public Response download(@PathParam("claimId") UUID claimId, @PathParam("evidenceId") UUID evidenceId) {
        List<Evidence> files = ServiceCalls.claims(() -> evidence.listEvidence(claimId)).getItems();
        Evidence described = files.stream().filter(item -> item.getId().equals(evidenceId)).findFirst()
                .orElseThrow(() -> new ServiceRefused(new ServiceProblem("claims-service", 404, "not-found", "Not found",
                        "This claim has no evidence file " + evidenceId + ".", List.of())));
        File downloaded = ServiceCalls.claims(() -> evidence.downloadEvidence(claimId, evidenceId));
        byte[] content;
        try {
            content = Files.readAllBytes(downloaded.toPath());
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        } finally {
            deleteQuietly(downloaded);
        }
        return Response.ok(content, described.getContentType().toString())
                .header("Content-Disposition", "attachment; filename=\"" + described.getFileName() + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store")
                .build();
    }

    @POST
    @Path("claims/{claimId}/questions/{questionId}/answer")
    public Response answer(@PathParam("claimId") UUID claimId, @PathParam("questionId") UUID questionId, @RestForm String answer) {
        QuestionAnswer body = new QuestionAnswer().answer(answer == null ? "" : answer.strip());
        ServiceCalls.claims(() -> disputes.answerQuestion(claimId, questionId, body));
        return seeOther("/claims/" + claimId + "#status");
    }

    @POST
    @Path("claims/{claimId}/withdrawal")
    public Response withdraw(@PathParam("claimId") UUID claimId, @RestForm String reason) {
        ClaimWithdrawal body = new ClaimWithdrawal().reason(reason == null ? "" : reason.strip());
        ServiceCalls.claims(() -> disputes.withdrawClaim(claimId, body));
        return seeOther("/claims/" + claimId);
    }

    /** The name claims-service accepts: other characters become "_", the length is capped. */
    static String safeFileName(String original) {
        String name = original.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9 ._()-]", "_").strip();
        if (name.length() > MAX_FILE_NAME_CHARS) {
            name = name.substring(name.length() - MAX_FILE_NAME_CHARS).strip();
        }
        return name.isEmpty() ? "evidence" : name;
    }

    private static ClaimLine lineOf(Claim claim, UUID lineId) {
        return claim.getLines().stream().filter(line -> line.getId().equals(lineId)).findFirst()
                .orElseThrow(() -> new ServiceRefused(new ServiceProblem("claims-service", 404, "not-found", "Not found",
                        "This claim has no line " + lineId + ".", List.of())));
    }

    private static UUID parseLine(String lineId) {
        try {
            return UUID.fromString(lineId.strip());
        } catch (IllegalArgumentException notAnId) {
            throw new FormRejected(FormProblem.BALANCE_NOT_OF_CLAIM);
        }
    }

    private static void deleteQuietly(File file) {
        try {
            Files.deleteIfExists(file.toPath());
        } catch (IOException failure) {
            LOG.warnf("could not delete the downloaded evidence %s: %s", file, failure.getMessage());
        }
    }

    private static Response seeOther(String location) {
        return Response.seeOther(URI.create(location)).build();
    }
}

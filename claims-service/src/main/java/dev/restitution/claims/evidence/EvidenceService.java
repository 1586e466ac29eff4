package dev.restitution.claims.evidence;

import dev.restitution.claims.audit.ClaimAudit;
import dev.restitution.claims.claim.ClaimAccess;
import dev.restitution.claims.claim.persistence.ClaimEntity;
import dev.restitution.claims.config.ClaimsConfig;
import dev.restitution.claims.evidence.domain.EvidenceType;
import dev.restitution.claims.evidence.persistence.EvidenceStore;
import dev.restitution.claims.security.Caller;
import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Evidence files of a claim. An upload is checked before anything is written: size, type by its bytes
 * (not by the header), virus scan ({@link EvidenceScanner}); then stored with its SHA-256 in the
 * transaction of its audit entry. Only the claim's own claimant uploads, and only before a decision.
 */
@ApplicationScoped
public class EvidenceService {

    private final ClaimAccess access;
    private final EvidenceStore store;
    private final EvidenceScanner scanner;
    private final ClaimAudit audit;
    private final int maxBytes;
    private final int maxFilesPerClaim;
    private final Clock clock;

    public EvidenceService(ClaimAccess access, EvidenceStore store, EvidenceScanner scanner, ClaimAudit audit,
                           ClaimsConfig config, Clock clock) {
        this.access = access;
        this.store = store;
        this.scanner = scanner;
        this.audit = audit;
        this.maxBytes = config.evidence().maxBytes();
        this.maxFilesPerClaim = config.evidence().maxFilesPerClaim();
        this.clock = clock;
    }

    public record Upload(UUID claimId, Optional<UUID> lineId, String fileName, String declaredContentType, Path file) {
    }

    public EvidenceStore.Stored upload(Upload upload, Caller caller) {
        if (upload.declaredContentType() == null || upload.declaredContentType().isBlank()) {
            throw new ProblemException(ProblemDetails.of("unsupported-evidence-type", "Unsupported evidence type", 415,
                    "The upload has no Content-Type: send the file's type (application/pdf, image/png, image/jpeg or "
                            + "text/plain). Nothing was stored."));
        }
        byte[] content = boundedRead(upload.file());
        EvidenceType type = EvidenceType.ofMediaType(upload.declaredContentType())
                .filter(declared -> declared.matches(content))
                .orElseThrow(() -> new ProblemException(ProblemDetails.of("unsupported-evidence-type",
                        "Unsupported evidence type", 415, "Evidence is a PDF, PNG, JPEG or UTF-8 plain text file, and "
                                + "its bytes must be of the type its Content-Type names. Nothing was stored.")));
        EvidenceScanner.Verdict verdict = scanner.scan(type, content);
        if (!verdict.clean()) {
            throw new ProblemException(ProblemDetails.of("evidence-refused-by-scan", "Evidence refused by the virus scan",
                    422, "The file was refused by the virus scan (" + verdict.finding() + "). Nothing was stored."));
        }
        String sha256 = sha256(content);
        return QuarkusTransaction.requiringNew().call(() -> {
            ClaimEntity claim = access.locked(upload.claimId(), Optional.of(caller.accountId()));
            if (!claim.status().undecided()) {
                throw ProblemException.conflict("claim-decided", "The claim is " + claim.status()
                        + "; evidence is taken only before a decision.");
            }
            upload.lineId().filter(lineId -> claim.lines.stream().noneMatch(line -> line.id.equals(lineId)))
                    .ifPresent(lineId -> {
                        throw ProblemException.notFound("claim line " + lineId);
                    });
            if (store.count(claim.id) >= maxFilesPerClaim) {
                throw ProblemException.conflict("too-much-evidence", "A claim holds at most " + maxFilesPerClaim
                        + " evidence files.");
            }
            Instant now = clock.instant();
            EvidenceStore.Stored stored = new EvidenceStore.Stored(UUID.randomUUID(), claim.id, upload.lineId(),
                    upload.fileName(), type, content.length, sha256, caller.actor(), now);
            store.add(stored, content);
            audit.append(claim.id, caller.actor(), now, "EVIDENCE_UPLOADED", Optional.empty(), Map.of(
                    "evidence", stored.id().toString(), "fileName", stored.fileName(), "contentType", type.mediaType(),
                    "sizeBytes", stored.sizeBytes(), "sha256", sha256));
            return stored;
        });
    }

    public List<EvidenceStore.Stored> list(UUID claimId, Optional<String> onlyAccount) {
        return QuarkusTransaction.requiringNew().call(() -> store.of(access.read(claimId, onlyAccount).id, maxFilesPerClaim));
    }

    public record Download(EvidenceStore.Stored evidence, byte[] content) {
    }

    public Download download(UUID claimId, UUID evidenceId, Optional<String> onlyAccount) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ClaimEntity claim = access.read(claimId, onlyAccount);
            EvidenceStore.Stored evidence = store.find(claim.id, evidenceId)
                    .orElseThrow(() -> ProblemException.notFound("evidence " + evidenceId));
            byte[] content = store.content(evidence.id());
            if (!sha256(content).equals(evidence.sha256())) {
                throw new IllegalStateException("evidence " + evidenceId + " no longer matches its SHA-256");
            }
            return new Download(evidence, content);
        });
    }

    /** The upload's bytes, refused with 413 beyond the limit without reading more than one byte past it. */
    private byte[] boundedRead(Path file) {
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new ProblemException(ProblemDetails.of("payload-too-large", "Payload too large", 413,
                        "Evidence files are at most " + maxBytes + " bytes; this one has " + size + ". Nothing was stored."));
            }
            if (size == 0) {
                throw new ProblemException(ProblemDetails.of("unsupported-evidence-type", "Unsupported evidence type",
                        415, "The file is empty. Nothing was stored."));
            }
            return Files.readAllBytes(file);
        } catch (IOException failure) {
            throw new UncheckedIOException("could not read the uploaded evidence", failure);
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("every JDK has SHA-256", missing);
        }
    }
}

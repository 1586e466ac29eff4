package dev.restitution.claims.claim;

import dev.restitution.claims.address.PayoutDenylist;
import dev.restitution.claims.audit.ClaimAudit;
import dev.restitution.claims.claim.domain.ClaimDetails;
import dev.restitution.claims.claim.domain.ClaimRules;
import dev.restitution.claims.claim.domain.ClaimStatus;
import dev.restitution.claims.claim.domain.LineStatus;
import dev.restitution.claims.claim.ledger.LedgerSnapshots;
import dev.restitution.claims.claim.persistence.ClaimEntity;
import dev.restitution.claims.claim.persistence.ClaimLineEntity;
import dev.restitution.claims.claim.persistence.ClaimRepository;
import dev.restitution.claims.claim.persistence.IdempotencyKeys;
import dev.restitution.claims.incident.IncidentService;
import dev.restitution.claims.incident.domain.ClaimableIncident;
import dev.restitution.claims.incident.domain.ClaimsWindow;
import dev.restitution.claims.incident.domain.IncidentState;
import dev.restitution.claims.incident.ledger.IncidentBehind;
import dev.restitution.claims.incident.persistence.LateAdmissions;
import dev.restitution.claims.kyc.persistence.KycAttestationStore;
import dev.restitution.claims.claim.persistence.PayoutAddressChangeStore;
import dev.restitution.claims.security.Caller;
import dev.restitution.contracts.ledger.model.AccountSnapshot;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A claimant's claim: opened pre-filled from the ledger's sealed snapshot, lines accepted, payout
 * addresses proven, submitted and (by {@link ClaimVerification}) approved. Every command runs in one
 * transaction with its audit entry; the ledger is called outside any transaction.
 */
@ApplicationScoped
public class ClaimService {

    static final String OPEN = "OPEN_CLAIM";
    static final String SUBMIT = "SUBMIT_CLAIM";
    /** An incident has at most this many assets (ClaimApproved carries at most 100 lines). */
    static final int MAX_LINES = 100;

    private final ClaimRepository claims;
    private final IdempotencyKeys idempotencyKeys;
    private final ClaimAudit audit;
    private final ClaimVerification verification;
    private final IncidentService incidents;
    private final LedgerSnapshots ledger;
    private final KycAttestationStore kyc;
    private final PayoutDenylist denylist;
    private final LateAdmissions lateAdmissions;
    private final Clock clock;
    private final PayoutAddressChangeStore addressChanges;

    public ClaimService(ClaimRepository claims, IdempotencyKeys idempotencyKeys, ClaimAudit audit,
                        ClaimVerification verification, IncidentService incidents, LedgerSnapshots ledger,
                        KycAttestationStore kyc, PayoutDenylist denylist, LateAdmissions lateAdmissions,
                        Clock clock, PayoutAddressChangeStore addressChanges) {
        this.claims = claims;
        this.idempotencyKeys = idempotencyKeys;
        this.audit = audit;
        this.verification = verification;
        this.incidents = incidents;
        this.ledger = ledger;
        this.kyc = kyc;
        this.denylist = denylist;
        this.lateAdmissions = lateAdmissions;
        this.clock = clock;
        this.addressChanges = addressChanges;
    }

    /** The claim a command answers, and whether this call created it (201) or replayed a key (200). */
    public record Outcome(ClaimDetails claim, boolean created) {
    }

    public Outcome open(UUID incidentId, String idempotencyKey, Caller caller) {
        Prepared prepared = QuarkusTransaction.requiringNew().call(() -> prepareOpen(incidentId, idempotencyKey, caller));
        if (prepared.replay().isPresent()) {
            return prepared.replay().get();
        }
        AccountSnapshot rows = ledger.callersRows(incidentId);
        List<ClaimLineEntity> lines = SnapshotLines.of(prepared.incident(), prepared.sealedImport(), rows, caller);
        try {
            return QuarkusTransaction.requiringNew().call(() -> writeOpened(incidentId, idempotencyKey, caller, lines,
                    prepared.lateAdmission()));
        } catch (RuntimeException failure) {
            if (!ClaimRepository.lostWriteRace(failure)) {
                throw failure;
            }
            // A concurrent request with the same key or for the same claim committed first: answer as it did.
            return QuarkusTransaction.requiringNew().call(() -> replayOpen(incidentId, idempotencyKey, caller))
                    .orElseThrow(() -> ClaimProblems.claimExists(incidentId));
        }
    }

    /** What opening needs before the ledger is asked, or the answer of an earlier request with the same key. */
    private record Prepared(ClaimableIncident incident, UUID sealedImport, Optional<Outcome> replay,
                            Optional<LateAdmissions.Admission> lateAdmission) {
    }

    private Prepared prepareOpen(UUID incidentId, String idempotencyKey, Caller caller) {
        ClaimableIncident incident = incidents.find(incidentId)
                .orElseThrow(() -> IncidentBehind.unknown(incidentId));
        UUID sealedImport = incidents.sealedImport(incidentId).orElseThrow(() -> IncidentBehind.before(incidentId,
                IncidentState.SNAPSHOT_SEALED, new ProblemException(ProblemDetails.of("snapshot-not-sealed",
                        "Snapshot not sealed", 409, "Claims open once the incident's snapshot of balances is sealed."))));
        // The claim is looked for before the key: both commit together, so a claim found here with this
        // key's row is always seen as the replay it is, never as a second claim.
        boolean claimExists = claims.ofAccount(incidentId, caller.accountId()).isPresent();
        Optional<Outcome> replay = replayOpen(incidentId, idempotencyKey, caller);
        if (claimExists && replay.isEmpty()) {
            throw ClaimProblems.claimExists(incidentId);
        }
        Optional<LateAdmissions.Admission> admission = lateAdmissions.of(incidentId, caller.accountId());
        if (replay.isEmpty()) {
            ClaimsWindow.refusal(incident.state(), incident.claimsDeadline(), clock.instant(), admission.isPresent())
                    .ifPresent(refusal -> {
                        throw refusal == ClaimsWindow.Refusal.CLAIMS_NOT_OPEN
                                ? IncidentBehind.before(incidentId, IncidentState.CLAIMS_OPEN, ProblemException.conflict(
                                        "claims-not-open", "Claims for this incident are not open yet."))
                                : ProblemException.conflict("claims-closed", "Claims for this incident closed at its "
                                + "claims deadline " + incident.claimsDeadline().map(Instant::toString).orElse("")
                                + "; a support-lead can admit a late claim.");
                    });
        }
        return new Prepared(incident, sealedImport, replay, admission);
    }

    private Optional<Outcome> replayOpen(UUID incidentId, String idempotencyKey, Caller caller) {
        Optional<IdempotencyKeys.Used> used = idempotencyKeys.find(caller.accountId(), idempotencyKey);
        if (used.isEmpty()) {
            return Optional.empty();
        }
        ClaimEntity claim = claims.findById(used.get().claimId());
        if (!OPEN.equals(used.get().operation()) || !claim.incidentId.equals(incidentId)) {
            throw ClaimProblems.keyReused();
        }
        return Optional.of(new Outcome(details(claim), false));
    }

    private Outcome writeOpened(UUID incidentId, String idempotencyKey, Caller caller, List<ClaimLineEntity> lines,
                                Optional<LateAdmissions.Admission> lateAdmission) {
        Instant now = clock.instant();
        ClaimEntity claim = new ClaimEntity();
        claim.id = UUID.randomUUID();
        claim.incidentId = incidentId;
        claim.accountId = caller.accountId();
        claim.openedAt = now;
        claim.lateAdmissionId = lateAdmission.map(LateAdmissions.Admission::id).orElse(null);
        for (ClaimLineEntity line : lines) {
            line.claim = claim;
            claim.lines.add(line);
        }
        claims.persist(claim);
        claims.flush();
        idempotencyKeys.record(caller.accountId(), idempotencyKey, OPEN, claim.id, 201, now);
        Map<String, Object> opened = new java.util.LinkedHashMap<>();
        opened.put("status", claim.status().name());
        opened.put("snapshotAmounts", lines.stream().collect(Collectors.toMap(line -> line.asset,
                line -> line.snapshotAmount.toString())));
        lateAdmission.ifPresent(admission -> opened.put("lateAdmission", Map.of("id", admission.id().toString(),
                "admittedBy", admission.admittedBy().username(),
                "admittedBySubjectId", admission.admittedBy().subjectId(), "reason", admission.reason())));
        audit.appendFirst(claim.id, caller.actor(), now, "OPENED", opened);
        return new Outcome(details(claim), true);
    }

    /** The caller's own claim for the incident. */
    public ClaimDetails mine(UUID incidentId, Caller caller) {
        return QuarkusTransaction.requiringNew().call(() -> details(claims.ofAccount(incidentId, caller.accountId())
                .orElseThrow(() -> ProblemException.notFound("your claim for incident " + incidentId))));
    }

    /** A claim as {@code caller} may see it: another account's claim does not exist for them. */
    public ClaimDetails find(UUID claimId, Optional<String> onlyAccount) {
        return QuarkusTransaction.requiringNew().call(() -> details(claimVisibleTo(claimId, onlyAccount)));
    }

    public ClaimDetails acceptLine(UUID claimId, UUID lineId, Caller caller) {
        return change(() -> {
            ClaimEntity claim = draftOf(claimId, caller);
            ClaimLineEntity line = claim.lines.stream().filter(candidate -> candidate.id.equals(lineId)).findFirst()
                    .orElseThrow(() -> ProblemException.notFound("claim line " + lineId));
            if (line.status() == LineStatus.ACCEPTED) {
                return details(claim);
            }
            // Accepting a disputed line (in DRAFT) drops the dispute.
            LineStatus before = line.status();
            line.accept();
            audit.append(claim.id, caller.actor(), clock.instant(), "LINE_ACCEPTED",
                    Optional.of(Map.of("line", line.id.toString(), "status", before.name())),
                    Map.of("line", line.id.toString(), "status", LineStatus.ACCEPTED.name(),
                            "amount", line.snapshotAmount.toString()));
            return details(claim);
        });
    }

    public ClaimDetails submit(UUID claimId, String idempotencyKey, Caller caller) {
        try {
            return change(() -> {
                Optional<IdempotencyKeys.Used> used = idempotencyKeys.find(caller.accountId(), idempotencyKey);
                if (used.isPresent()) {
                    if (!SUBMIT.equals(used.get().operation()) || !used.get().claimId().equals(claimId)) {
                        throw ClaimProblems.keyReused();
                    }
                    return details(claimVisibleTo(claimId, Optional.of(caller.accountId())));
                }
                ClaimEntity claim = draftOf(claimId, caller);
                List<String> undecided = claim.lines.stream()
                        .filter(line -> line.status() == LineStatus.PENDING).map(line -> line.asset).toList();
                if (!undecided.isEmpty()) {
                    throw ProblemException.conflict("lines-undecided", "Accept or dispute every line before submitting: "
                            + String.join(", ", undecided) + ".");
                }
                Set<Long> missing = ClaimRules.chainsWithoutAddress(
                        claim.lines.stream().map(line -> line.chainId).toList(),
                        claim.payoutAddresses.stream().map(address -> address.chainId).toList());
                if (!missing.isEmpty()) {
                    throw ProblemException.conflict("payout-address-missing",
                            "Prove a payout address for chain(s) " + missing + " before submitting.");
                }
                // An address proven before it was denylisted is caught here, before anything is submitted.
                if (claim.payoutAddresses.stream().anyMatch(address -> denylist.lists(claim.incidentId, address.chainId, address.address))) {
                    throw ClaimProblems.addressNotAccepted();
                }
                Instant now = clock.instant();
                boolean disputed = claim.lines.stream().anyMatch(ClaimLineEntity::disputed);
                // A disputed line sends the claim to the review queue; otherwise it is verified automatically.
                claim.moveTo(disputed ? ClaimStatus.UNDER_REVIEW : ClaimStatus.SUBMITTED);
                claim.submittedAt = now;
                // This request's trace becomes the claim's: whatever is done for the claim later continues it.
                ClaimTrace.submitted(claim);
                claim.queuedAt = disputed ? now : null;
                idempotencyKeys.record(caller.accountId(), idempotencyKey, SUBMIT, claim.id, 200, now);
                audit.append(claim.id, caller.actor(), now, "SUBMITTED", Optional.of(Map.of("status", ClaimStatus.DRAFT.name())),
                        Map.of("status", claim.status().name()));
                // Read once: the verification and the answer see the same KYC status.
                boolean kycVerified = kyc.isVerified(claim.accountId);
                if (!disputed) {
                    // Its addresses were looked up on the denylist above, in this transaction.
                    verification.verify(claim, now, kycVerified, () -> false);
                }
                // A draft until now: none of its lines can have a payment yet.
                return ClaimRepository.toDetails(claim, kycVerified, false,
                        addressChanges.waitingOfClaim(claim.id, now));
            });
        } catch (ProblemException refused) {
            throw refused;
        } catch (RuntimeException raced) {
            // The same key committed concurrently: answer with the claim it submitted.
            Optional<IdempotencyKeys.Used> used = QuarkusTransaction.requiringNew()
                    .call(() -> idempotencyKeys.find(caller.accountId(), idempotencyKey));
            if (used.isPresent() && SUBMIT.equals(used.get().operation()) && used.get().claimId().equals(claimId)) {
                return find(claimId, Optional.of(caller.accountId()));
            }
            throw raced;
        }
    }

    /** The claim's chain of the audit log and whether it is intact; visible like the claim itself. */
    public AuditLog.Chain auditTrail(UUID claimId, Optional<String> onlyAccount) {
        return QuarkusTransaction.requiringNew().call(() -> {
            claimVisibleTo(claimId, onlyAccount);
            return audit.chain(claimId);
        });
    }

    private ClaimDetails change(Supplier<ClaimDetails> command) {
        return QuarkusTransaction.requiringNew().call(command::get);
    }

    private ClaimEntity claimVisibleTo(UUID claimId, Optional<String> onlyAccount) {
        ClaimEntity claim = claims.findByIdOptional(claimId)
                .filter(found -> onlyAccount.map(found.accountId::equals).orElse(true))
                .orElseThrow(() -> ProblemException.notFound("claim " + claimId));
        return claim;
    }

    /** The caller's own claim in any state, locked: commands on one claim run one after the other. */
    ClaimEntity ownLocked(UUID claimId, Caller caller) {
        return claims.lockedWithLines(claimId).filter(found -> found.accountId.equals(caller.accountId()))
                .orElseThrow(() -> ProblemException.notFound("claim " + claimId));
    }

    /** The caller's DRAFT claim, locked: commands on one claim run one after the other. */
    ClaimEntity draftOf(UUID claimId, Caller caller) {
        ClaimEntity claim = ownLocked(claimId, caller);
        requireDraft(claim);
        return claim;
    }

    static void requireDraft(ClaimEntity claim) {
        if (claim.status() != ClaimStatus.DRAFT) {
            throw ProblemException.conflict("claim-not-draft", "The claim is " + claim.status()
                    + "; it can no longer be changed.");
        }
    }

    ClaimDetails details(ClaimEntity claim) {
        return ClaimRepository.toDetails(claim, kyc.isVerified(claim.accountId),
                addressChanges.waitingOfClaim(claim.id, clock.instant()));
    }
}

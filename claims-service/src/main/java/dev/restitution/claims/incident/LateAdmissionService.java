package dev.restitution.claims.incident;

import dev.restitution.claims.audit.ClaimAudit;
import dev.restitution.claims.claim.persistence.ClaimRepository;
import dev.restitution.claims.incident.domain.IncidentState;
import dev.restitution.claims.incident.ledger.IncidentBehind;
import dev.restitution.claims.incident.persistence.IncidentRepository;
import dev.restitution.claims.incident.persistence.LateAdmissions;
import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A support-lead's admission of one account's claim after the incident's claims deadline. The admission
 * is written with an entry in the audit log (its own hash chain, keyed by the admission id, since no
 * claim exists yet); the claim it lets open names it and records it in its OPENED entry.
 */
@ApplicationScoped
public class LateAdmissionService {

    private final IncidentRepository incidents;
    private final LateAdmissions admissions;
    private final ClaimRepository claims;
    private final ClaimAudit audit;
    private final Clock clock;

    public LateAdmissionService(IncidentRepository incidents, LateAdmissions admissions, ClaimRepository claims,
                                ClaimAudit audit, Clock clock) {
        this.incidents = incidents;
        this.admissions = admissions;
        this.claims = claims;
        this.audit = audit;
        this.clock = clock;
    }

    public LateAdmissions.Admission admit(UUID incidentId, String accountId, String reason, Actor lead) {
        return QuarkusTransaction.requiringNew().call(() -> {
            IncidentState state = incidents.state(incidentId).orElseThrow(() -> IncidentBehind.unknown(incidentId));
            if (!state.atLeast(IncidentState.CLAIMS_OPEN)) {
                throw IncidentBehind.before(incidentId, IncidentState.CLAIMS_OPEN, ProblemException.conflict(
                        "claims-not-open", "Claims for this incident have not opened yet; there is nothing to admit late."));
            }
            if (claims.ofAccount(incidentId, accountId).isPresent()) {
                throw ProblemException.conflict("claim-exists", "Account " + accountId + " already has a claim for "
                        + "this incident.");
            }
            if (admissions.of(incidentId, accountId).isPresent()) {
                throw ProblemException.conflict("already-admitted", "Account " + accountId + " is already admitted.");
            }
            Instant now = clock.instant();
            LateAdmissions.Admission admission = new LateAdmissions.Admission(UUID.randomUUID(), incidentId, accountId,
                    reason, lead, now);
            admissions.add(admission);
            audit.appendAdmission(admission.id(), lead, now, "LATE_CLAIM_ADMITTED", Map.of(
                    "incidentId", incidentId.toString(), "accountId", accountId, "reason", reason));
            return admission;
        });
    }

    public List<LateAdmissions.Admission> list(UUID incidentId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            incidents.state(incidentId).orElseThrow(() -> IncidentBehind.unknown(incidentId));
            return admissions.of(incidentId);
        });
    }
}

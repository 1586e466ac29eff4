package dev.restitution.claims.claim.persistence;

import dev.restitution.claims.claim.domain.ClaimLifecycle;
import dev.restitution.claims.claim.domain.ClaimStatus;
import dev.restitution.kit.audit.Actor;
import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Entity
@Table(name = "claim")
public class ClaimEntity {

    @Id
    public UUID id;

    @Column(name = "incident_id", nullable = false)
    public UUID incidentId;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    /** Changed only by {@link #moveTo}, along {@link ClaimLifecycle#MOVES}; a new claim is a draft. */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ClaimStatus status = ClaimStatus.DRAFT;

    @Column(name = "opened_at", nullable = false)
    public Instant openedAt;

    @Column(name = "submitted_at")
    public Instant submittedAt;

    @Column(name = "approved_at")
    public Instant approvedAt;

    /** When the claim entered the review queue (submitted with a disputed line). */
    @Column(name = "queued_at")
    public Instant queuedAt;

    /** The reviewer holding the claim: user name, and subject id (absent on claims assigned before it was kept). */
    public String assignee;

    @Column(name = "assignee_subject_id")
    public String assigneeSubjectId;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "rejection_reason")
    public String rejectionReason;

    @Column(name = "withdrawn_at")
    public Instant withdrawnAt;

    @Column(name = "withdrawal_reason")
    public String withdrawalReason;

    @Column(name = "proposal_decision")
    public String proposalDecision;

    @Column(name = "proposal_reason")
    public String proposalReason;

    @Column(name = "proposed_by")
    public String proposedBy;

    @Column(name = "proposed_by_subject_id")
    public String proposedBySubjectId;

    @Column(name = "proposed_at")
    public Instant proposedAt;

    /**
     * The claim's trace: the W3C traceparent of the request that submitted it. Events written for the claim later
     * are written in spans under it (null when the claim was submitted without tracing).
     */
    @Column(name = "trace_parent")
    public String traceParent;

    /** The late admission that let the claim open after the incident's claims deadline. */
    @Column(name = "late_admission_id")
    public UUID lateAdmissionId;

    @OneToMany(mappedBy = "claim", cascade = CascadeType.ALL)
    @OrderBy("askedAt")
    public List<ClaimQuestionEntity> questions = new ArrayList<>();

    /** Two concurrent changes of one claim: the second commit fails instead of overwriting the first. */
    @Version
    public long version;

    @OneToMany(mappedBy = "claim", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<ClaimLineEntity> lines = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "payout_address", joinColumns = @JoinColumn(name = "claim_id"))
    @OrderBy("chainId")
    public List<PayoutAddressRow> payoutAddresses = new ArrayList<>();

    public ClaimStatus status() {
        return status;
    }

    /** Moves the claim to {@code to}; {@link ClaimLifecycle.RefusedMove} when the lifecycle has no such move. */
    public void moveTo(ClaimStatus to) {
        status = ClaimLifecycle.move(status, to);
    }

    public Optional<Actor> assignedTo() {
        return Optional.ofNullable(assignee).map(username -> Actor.withSubjectIfRecorded(assigneeSubjectId, username));
    }

    public void assignTo(Actor reviewer) {
        assignee = reviewer.username();
        assigneeSubjectId = reviewer.subjectId();
    }

    /** Who proposed the waiting decision; only while one waits. */
    public Actor proposer() {
        if (proposedBy == null) {
            throw new IllegalStateException("claim " + id + " has no proposal");
        }
        return Actor.withSubjectIfRecorded(proposedBySubjectId, proposedBy);
    }

    public void proposedBy(Actor reviewer) {
        proposedBy = reviewer.username();
        proposedBySubjectId = reviewer.subjectId();
    }

    /** Drops a decision proposal (decided, sent back, discarded or withdrawn). */
    public void clearProposal() {
        proposalDecision = null;
        proposalReason = null;
        proposedBy = null;
        proposedBySubjectId = null;
        proposedAt = null;
        lines.forEach(line -> line.proposedAmount = null);
    }
}

package dev.restitution.claims.claim.persistence;

import dev.restitution.kit.audit.Actor;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A reviewer's question to the claimant; open until answered. */
@Entity
@Table(name = "claim_question")
public class ClaimQuestionEntity {

    @Id
    public UUID id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "claim_id")
    public ClaimEntity claim;

    @Column(nullable = false)
    public String question;

    @Column(name = "asked_by", nullable = false)
    public String askedBy;

    /** Absent on questions asked before subject ids were kept. */
    @Column(name = "asked_by_subject_id")
    public String askedBySubjectId;

    public Actor asker() {
        return Actor.withSubjectIfRecorded(askedBySubjectId, askedBy);
    }

    public void askedBy(Actor reviewer) {
        askedBy = reviewer.username();
        askedBySubjectId = reviewer.subjectId();
    }

    @Column(name = "asked_at", nullable = false)
    public Instant askedAt;

    public String answer;

    @Column(name = "answered_at")
    public Instant answeredAt;
}

package dev.restitution.claims.claim.persistence;

import dev.restitution.claims.claim.domain.ClaimLifecycle;
import dev.restitution.claims.claim.domain.LineStatus;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "claim_line")
public class ClaimLineEntity {

    @Id
    public UUID id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "claim_id")
    public ClaimEntity claim;

    @Column(nullable = false)
    public String asset;

    @Column(name = "chain_id", nullable = false)
    public long chainId;

    @Column(nullable = false)
    public int decimals;

    @Column(name = "snapshot_amount", nullable = false, precision = 78)
    public BigInteger snapshotAmount;

    /** Changed only by {@link #accept} and {@link #dispute}, along {@link ClaimLifecycle#LINE_MOVES}. */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private LineStatus status = LineStatus.PENDING;

    @Column(name = "approved_amount", precision = 78)
    public BigInteger approvedAmount;

    @Column(nullable = false)
    public int position;

    /** DISPUTED lines: the amount the claimant believes and why. */
    @Column(name = "claimed_amount", precision = 78)
    public BigInteger claimedAmount;

    @Column(name = "dispute_explanation")
    public String disputeExplanation;

    /** The amount a pending proposal would approve for this disputed line. */
    @Column(name = "proposed_amount", precision = 78)
    public BigInteger proposedAmount;

    /** Settled payments (line_payment), read here and written only by the payout settlement consumer. */
    @ElementCollection
    @CollectionTable(name = "line_payment", joinColumns = @JoinColumn(name = "claim_line_id"))
    @OrderBy("blockNumber")
    public List<LinePaymentRow> payments = new ArrayList<>();

    /** The ledger's entitlements of the line (line_entitlement), read here and written only by the entitlement consumer. */
    @ElementCollection
    @CollectionTable(name = "line_entitlement", joinColumns = @JoinColumn(name = "claim_line_id"))
    @OrderBy("entitlementId")
    public List<LineEntitlementRow> entitlements = new ArrayList<>();

    public LineStatus status() {
        return status;
    }

    public boolean disputed() {
        return status == LineStatus.DISPUTED;
    }

    /** The claimant accepts the snapshot amount; a dispute the line had is dropped. */
    public void accept() {
        status = ClaimLifecycle.moveLine(claim.status(), status, LineStatus.ACCEPTED);
        claimedAmount = null;
        disputeExplanation = null;
    }

    /** The claimant disputes the line (or amends the dispute): no amount stays approved until a decision. */
    public void dispute(BigInteger claimed, String explanation) {
        status = ClaimLifecycle.moveLine(claim.status(), status, LineStatus.DISPUTED);
        claimedAmount = claimed;
        disputeExplanation = explanation;
        approvedAmount = null;
    }
}

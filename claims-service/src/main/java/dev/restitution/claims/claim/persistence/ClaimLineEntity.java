package dev.restitution.claims.claim.persistence;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
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

    @Column(nullable = false)
    public String status;

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
}

package dev.restitution.claims.claim.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.math.BigInteger;
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
}

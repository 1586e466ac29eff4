package dev.restitution.claims.claim.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.math.BigInteger;
import java.util.UUID;

/** One settled payment of a claim line; written only by the payout settlement consumer. */
@Embeddable
public class LinePaymentRow {

    @Column(name = "batch_id", nullable = false)
    public UUID batchId;

    @Column(name = "entitlement_id", nullable = false)
    public UUID entitlementId;

    @Column(name = "tx_hash", nullable = false)
    public String txHash;

    @Column(name = "block_number", nullable = false)
    public long blockNumber;

    @Column(nullable = false, precision = 78)
    public BigInteger amount;
}

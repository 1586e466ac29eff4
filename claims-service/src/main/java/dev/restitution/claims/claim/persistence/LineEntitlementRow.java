package dev.restitution.claims.claim.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.math.BigInteger;
import java.util.UUID;

/** One entitlement the ledger issued for a claim line; written only by the entitlement consumer. */
@Embeddable
public class LineEntitlementRow {

    @Column(name = "id", nullable = false)
    public UUID entitlementId;

    /** Null for entitlements learnt before rounds were recorded. */
    @Column(name = "round_id")
    public UUID roundId;

    @Column(nullable = false, precision = 78)
    public BigInteger amount;

    /** CAIP-19 id; null when the event carried none. */
    @Column(name = "asset_id")
    public String assetId;

    /** Null for entitlements learnt before addresses were recorded. */
    @Column(name = "payout_address")
    public String payoutAddress;
}

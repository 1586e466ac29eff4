package dev.restitution.claims.claim.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Instant;

@Embeddable
public class PayoutAddressRow {

    @Column(name = "chain_id", nullable = false)
    public long chainId;

    @Column(nullable = false)
    public String address;

    @Column(name = "proven_at", nullable = false)
    public Instant provenAt;

    /** Not paid before this instant: a first address proven during a second-factor reset's cool-down; else null. */
    @Column(name = "held_until")
    public Instant heldUntil;
}

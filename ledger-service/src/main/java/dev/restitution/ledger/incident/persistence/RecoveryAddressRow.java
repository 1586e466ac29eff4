package dev.restitution.ledger.incident.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

@Embeddable
public class RecoveryAddressRow {

    @Column(name = "chain_id", nullable = false)
    public long chainId;

    @Column(nullable = false)
    public String address;
}

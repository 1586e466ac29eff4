package dev.restitution.claims.incident.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

@Embeddable
public class IncidentAssetRow {

    @Column(nullable = false)
    public String symbol;

    @Column(name = "chain_id", nullable = false)
    public long chainId;

    @Column(name = "token_contract")
    public String tokenContract;

    @Column(nullable = false)
    public int decimals;
}

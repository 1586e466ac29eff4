package dev.restitution.demo;

import java.util.Objects;

/** The services' base URLs and the realm that issues everyone's tokens. */
public record ServiceEndpoints(String realmUrl, String ledger, String claims, String payout) {
    public ServiceEndpoints {
        Objects.requireNonNull(realmUrl, "realmUrl");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(claims, "claims");
        Objects.requireNonNull(payout, "payout");
    }
}

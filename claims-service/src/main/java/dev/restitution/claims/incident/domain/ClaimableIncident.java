package dev.restitution.claims.incident.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** An incident as claims-service knows it: what a claimant may claim against. */
public record ClaimableIncident(UUID id, String exchange, String title, Optional<String> description,
                                Instant cutoffAt, List<Asset> assets, IncidentState state, Optional<Instant> claimsDeadline) {

    public ClaimableIncident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(cutoffAt, "cutoffAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(claimsDeadline, "claimsDeadline");
        assets = List.copyOf(assets);
        if (assets.isEmpty()) {
            throw new IllegalArgumentException("an incident affects at least one asset");
        }
    }

    /** An affected asset; the native coin of its chain when {@code tokenContract} is empty. */
    public record Asset(String symbol, long chainId, Optional<String> tokenContract, int decimals) {
        public Asset {
            Objects.requireNonNull(symbol, "symbol");
            Objects.requireNonNull(tokenContract, "tokenContract");
        }
    }
}

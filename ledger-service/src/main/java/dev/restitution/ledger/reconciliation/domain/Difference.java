package dev.restitution.ledger.reconciliation.domain;

import java.util.Objects;

/** One difference found, with the figures that disagree. */
public record Difference(DifferenceCode code, String detail) {
    public Difference {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
    }
}

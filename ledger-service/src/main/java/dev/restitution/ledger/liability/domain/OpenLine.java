package dev.restitution.ledger.liability.domain;

import java.math.BigInteger;
import java.util.Objects;
import java.util.UUID;

/** An open claim line as a round visits it: what is still outstanding on it, and where it is paid. */
public record OpenLine(UUID lineId, UUID claimId, BigInteger outstanding, String payoutAddress) {
    public OpenLine {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(claimId, "claimId");
        Objects.requireNonNull(payoutAddress, "payoutAddress");
        if (outstanding.signum() <= 0) {
            throw new IllegalArgumentException("an open line has a positive outstanding amount, not " + outstanding);
        }
    }
}

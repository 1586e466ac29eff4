package dev.restitution.ledger.liability.domain;

import dev.restitution.kit.id.ClaimId;
import dev.restitution.kit.id.LineId;
import java.math.BigInteger;
import java.util.Objects;

/** An open claim line as a round visits it: what is still outstanding on it, and where it is paid. */
public record OpenLine(LineId lineId, ClaimId claimId, BigInteger outstanding, String payoutAddress) {
    public OpenLine {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(claimId, "claimId");
        Objects.requireNonNull(payoutAddress, "payoutAddress");
        if (outstanding.signum() <= 0) {
            throw new IllegalArgumentException("an open line has a positive outstanding amount, not " + outstanding);
        }
    }
}

package dev.restitution.ledger.round.domain;

import dev.restitution.kit.id.ClaimId;
import dev.restitution.kit.id.EntitlementId;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.id.LineId;
import dev.restitution.kit.id.RoundId;
import java.math.BigInteger;
import java.util.Objects;

/** One line's share in one approved round, and what payouts have paid on it so far. */
public record Entitlement(EntitlementId id, RoundId roundId, IncidentId incidentId, ClaimId claimId, LineId lineId,
                          String accountId, String asset, BigInteger amount, BigInteger paid, String payoutAddress) {
    public Entitlement {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(roundId, "roundId");
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(paid, "paid");
        if (amount.signum() <= 0 || paid.signum() < 0 || paid.compareTo(amount) > 0) {
            throw new IllegalArgumentException("entitlement " + id + ": paid " + paid + " outside [0, " + amount + "]");
        }
    }

    /** What is left to pay. */
    public BigInteger unpaid() {
        return amount.subtract(paid);
    }
}

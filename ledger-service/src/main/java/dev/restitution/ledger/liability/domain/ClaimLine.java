package dev.restitution.ledger.liability.domain;

import dev.restitution.kit.chain.Eip55;
import dev.restitution.kit.id.ClaimId;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.id.LineId;
import java.math.BigInteger;
import java.util.Objects;

/** One approved line of a claim: an amount of one asset the incident owes an account, and where to pay it. */
public record ClaimLine(LineId lineId, ClaimId claimId, IncidentId incidentId, String accountId, String asset,
                        BigInteger approved, String payoutAddress) {
    public ClaimLine {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(claimId, "claimId");
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(approved, "approved");
        Objects.requireNonNull(payoutAddress, "payoutAddress");
        if (approved.signum() <= 0) {
            throw new IllegalArgumentException("an approved amount is positive, not " + approved);
        }
        Eip55.problemWith(payoutAddress).ifPresent(problem -> {
            throw new IllegalArgumentException("payout address of line " + lineId + ": " + problem);
        });
    }
}

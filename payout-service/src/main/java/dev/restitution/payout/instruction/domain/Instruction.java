package dev.restitution.payout.instruction.domain;

import dev.restitution.kit.id.ClaimId;
import dev.restitution.kit.id.EntitlementId;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.id.LineId;
import dev.restitution.kit.id.RoundId;
import dev.restitution.payout.id.BatchId;
import dev.restitution.payout.id.InstructionId;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What one entitlement asks payout-service to pay, and where it stands. */
public record Instruction(InstructionId id, EntitlementId entitlementId, RoundId roundId, IncidentId incidentId,
                          ClaimId claimId, LineId lineId,
                          String assetSymbol, long chainId, Optional<String> tokenContract, BigInteger amount,
                          String payoutAddress, InstructionState state, Optional<BatchId> batchId,
                          Optional<String> txHash, Optional<Long> blockNumber, Optional<String> failureReason,
                          Instant createdAt, Instant updatedAt) {
    public Instruction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(entitlementId, "entitlementId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(payoutAddress, "payoutAddress");
        Objects.requireNonNull(state, "state");
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("an instruction pays a positive amount");
        }
    }

    /** The same entitlement as {@code other} says: what a second delivery under another event id must repeat. */
    public boolean sameEntitlementAs(Instruction other) {
        return entitlementId.equals(other.entitlementId) && roundId.equals(other.roundId)
                && incidentId.equals(other.incidentId) && claimId.equals(other.claimId) && lineId.equals(other.lineId)
                && assetSymbol.equals(other.assetSymbol) && chainId == other.chainId
                && tokenContract.equals(other.tokenContract) && amount.equals(other.amount)
                && payoutAddress.equals(other.payoutAddress);
    }

    /** The same entitlement as {@code other} says, but for the payout address (a claimant's change re-addressed it). */
    public boolean sameEntitlementApartFromAddressAs(Instruction other) {
        return new Instruction(id, entitlementId, roundId, incidentId, claimId, lineId, assetSymbol, chainId,
                tokenContract, amount, other.payoutAddress, state, batchId, txHash, blockNumber, failureReason,
                createdAt, updatedAt).sameEntitlementAs(other);
    }
}

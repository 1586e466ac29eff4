package dev.restitution.payout.batch.domain;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.payout.id.BatchId;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A payout batch: what is paid in one incident, on one chain, in one asset, frozen by the hash over its items. */
public record Batch(BatchId id, IncidentId incidentId, long chainId, String assetSymbol, Optional<String> tokenContract,
                    BatchState state, int itemCount, int recipientCount, BigInteger totalMinorUnits, String itemsHash,
                    int requiredApprovals, List<Approval> approvals, int contractItemCount, int plainTransferCount,
                    long estimatedGas, Actor proposedBy, Instant proposedAt,
                    Optional<Instant> decidedAt) {

    /** One approver's approval of one items hash; approvers are told apart by subject id. */
    public record Approval(Actor approvedBy, String itemsHash, Instant approvedAt) {
    }

    public Batch {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(assetSymbol, "assetSymbol");
        Objects.requireNonNull(tokenContract, "tokenContract");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(totalMinorUnits, "totalMinorUnits");
        Objects.requireNonNull(itemsHash, "itemsHash");
        Objects.requireNonNull(approvals, "approvals");
        Objects.requireNonNull(proposedBy, "proposedBy");
        Objects.requireNonNull(proposedAt, "proposedAt");
        if (itemCount <= 0 || totalMinorUnits.signum() <= 0) {
            throw new IllegalArgumentException("a batch pays at least one item a positive total");
        }
    }

    /** Approvals of the batch's own hash by distinct approvers: the ones that count. */
    public long approvalsOfItsHash() {
        return approvals.stream().filter(approval -> approval.itemsHash().equals(itemsHash))
                .map(approval -> approval.approvedBy().subjectId()).distinct().count();
    }
}

package dev.restitution.ledger.recovery.domain;

import dev.restitution.kit.money.Uint256;
import dev.restitution.kit.problem.FieldViolation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a finance-operator asks to book, with the rules its shape alone cannot express: which kinds
 * need a counterparty or a transaction hash, and that only corrections name a corrected transfer.
 */
public record RecoveryBooking(String asset, TransferReason kind, BigInteger amount, Optional<String> txHash,
                              Optional<String> counterparty, Optional<UUID> correctsTransferId, String reason) {

    public RecoveryBooking {
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(txHash, "txHash");
        Objects.requireNonNull(counterparty, "counterparty");
        Objects.requireNonNull(correctsTransferId, "correctsTransferId");
        Objects.requireNonNull(reason, "reason");
        if (!kind.bookedByOperator()) {
            throw new IllegalArgumentException(kind + " is booked from events, not by an operator");
        }
    }

    /** Every broken rule, each naming its request field; empty when the booking may be attempted. */
    public List<FieldViolation> violations(Set<String> incidentAssets) {
        List<FieldViolation> violations = new ArrayList<>();
        if (!incidentAssets.contains(asset)) {
            violations.add(new FieldViolation("assetSymbol", "not an asset of this incident: " + asset));
        }
        if (amount.signum() <= 0) {
            violations.add(new FieldViolation("amount", "must be positive"));
        } else {
            Uint256.violation("amount", amount).ifPresent(violations::add);
        }
        switch (kind) {
            case FROZEN_BY_COUNTERPARTY, RELEASED_BY_COUNTERPARTY, FREEZE_LOST -> {
                if (counterparty.isEmpty()) {
                    violations.add(new FieldViolation("counterparty", "required for " + kind + ": who froze the funds"));
                }
            }
            case RECOVERED_ON_CHAIN -> {
                if (txHash.isEmpty()) {
                    violations.add(new FieldViolation("txHash", "required for " + kind));
                }
            }
            default -> { }
        }
        if (kind == TransferReason.CORRECTION && correctsTransferId.isEmpty()) {
            violations.add(new FieldViolation("correctsTransferId", "required for CORRECTION"));
        }
        if (kind != TransferReason.CORRECTION && correctsTransferId.isPresent()) {
            violations.add(new FieldViolation("correctsTransferId", "only a CORRECTION corrects a transfer"));
        }
        return violations;
    }
}

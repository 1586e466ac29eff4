package dev.restitution.ledger.recovery.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A booked transfer: immutable once written. {@code referenceId} names what it books (a claim line,
 * a round, a payout batch); {@code correctsTransferId} the transfer a correction reverses.
 */
public record Transfer(UUID id, UUID incidentId, String asset, Posting posting, TransferReason reasonCode,
                       String reason, Optional<String> txHash, Optional<String> counterparty,
                       Optional<UUID> referenceId, Optional<UUID> correctsTransferId, String idempotencyKey,
                       String bookedBy, Instant bookedAt) {

    public static final int MAX_REASON_LENGTH = 1000;
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    public Transfer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(posting, "posting");
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(txHash, "txHash");
        Objects.requireNonNull(counterparty, "counterparty");
        Objects.requireNonNull(referenceId, "referenceId");
        Objects.requireNonNull(correctsTransferId, "correctsTransferId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(bookedBy, "bookedBy");
        Objects.requireNonNull(bookedAt, "bookedAt");
        if (reason.isBlank() || reason.length() > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("a transfer's reason is 1 to " + MAX_REASON_LENGTH + " characters");
        }
        if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            throw new IllegalArgumentException("an idempotency key is 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
        }
        if ((reasonCode == TransferReason.CORRECTION) != correctsTransferId.isPresent()) {
            throw new IllegalArgumentException("exactly the corrections name the transfer they correct");
        }
    }

    /** Whether {@code other} books the same thing: what a retry with the same idempotency key must match. */
    public boolean sameBookingAs(Transfer other) {
        return incidentId.equals(other.incidentId) && asset.equals(other.asset) && posting.equals(other.posting)
                && reasonCode == other.reasonCode && reason.equals(other.reason) && txHash.equals(other.txHash)
                && counterparty.equals(other.counterparty) && referenceId.equals(other.referenceId)
                && correctsTransferId.equals(other.correctsTransferId);
    }
}

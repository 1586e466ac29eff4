package dev.restitution.ledger.verification.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One verification as the ledger holds it: of a recovery transfer (transferId) or of an asset's token. While
 * {@code nextAttemptAt} is present the ledger will ask payout-service again; once it is empty the status is final.
 */
public record ChainVerification(UUID id, UUID incidentId, String asset, VerificationSubject subject,
                                Optional<UUID> transferId, VerificationStatus status, String detail, int attempts,
                                Optional<Instant> nextAttemptAt, Optional<Instant> checkedAt) {

    public ChainVerification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(checkedAt, "checkedAt");
        if ((subject == VerificationSubject.RECOVERY) != transferId.isPresent()) {
            throw new IllegalArgumentException("a recovery's verification names its transfer, a token's does not");
        }
        if (status != VerificationStatus.UNVERIFIED && nextAttemptAt.isPresent()) {
            throw new IllegalArgumentException(status + " is final: nothing is asked again");
        }
    }

    public boolean isFinal() {
        return nextAttemptAt.isEmpty();
    }
}

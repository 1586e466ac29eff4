package dev.restitution.ledger.verification.api;

import dev.restitution.contracts.ledger.model.ChainVerificationStatus;
import dev.restitution.ledger.verification.domain.ChainVerification;
import java.time.ZoneOffset;

/** A verification as the ledger's API shows it (ChainVerification in ledger.yaml). */
public final class VerificationModels {

    private VerificationModels() {
    }

    public static dev.restitution.contracts.ledger.model.ChainVerification toModel(ChainVerification verification) {
        return new dev.restitution.contracts.ledger.model.ChainVerification()
                .status(ChainVerificationStatus.valueOf(verification.status().name()))
                .detail(verification.detail())
                .attempts(verification.attempts())
                .concluded(verification.isFinal())
                .checkedAt(verification.checkedAt().map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null))
                .nextAttemptAt(verification.nextAttemptAt().map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null));
    }
}

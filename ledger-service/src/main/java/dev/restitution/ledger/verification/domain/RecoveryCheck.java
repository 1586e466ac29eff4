package dev.restitution.ledger.verification.domain;

import java.math.BigInteger;
import java.util.Objects;
import java.util.UUID;

/** A RECOVERED_ON_CHAIN transfer with how much of it was corrected since and what the chain says about it. */
public record RecoveryCheck(UUID transferId, String txHash, BigInteger amount, BigInteger corrected, String chainId,
                            ChainVerification verification) {
    public RecoveryCheck {
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(txHash, "txHash");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(corrected, "corrected");
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(verification, "verification");
    }

    /** A mismatching recovery still counted in the books: it is a difference until it is corrected in full. */
    public boolean mismatchStillBooked() {
        return verification.status() == VerificationStatus.MISMATCH
                && corrected.compareTo(amount) < 0;
    }
}

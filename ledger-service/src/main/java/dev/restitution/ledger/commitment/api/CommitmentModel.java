package dev.restitution.ledger.commitment.api;

import dev.restitution.ledger.commitment.domain.OnchainCommitment;
import java.time.ZoneOffset;

/** The one shape of an on-chain commitment in every API of this service (OnchainCommitment of common.yaml). */
public final class CommitmentModel {

    private CommitmentModel() {
    }

    /** A 32-byte root or hash as the APIs write it: 0x and lowercase hex. */
    public static String hex(byte[] bytes) {
        return OnchainCommitment.hex(bytes);
    }

    public static dev.restitution.contracts.ledger.model.OnchainCommitment of(OnchainCommitment commitment) {
        return new dev.restitution.contracts.ledger.model.OnchainCommitment()
                .chainId(commitment.chainId())
                .contract(commitment.contract())
                .commitmentId(OnchainCommitment.hex(commitment.commitmentId()))
                .txHash(commitment.txHash())
                .blockNumber(commitment.blockNumber())
                .publishedAt(commitment.publishedAt().atOffset(ZoneOffset.UTC));
    }
}

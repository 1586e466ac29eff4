package dev.restitution.claims.claim.domain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A claim as the API shows it; built from the rows, never handed to JPA. */
public record ClaimDetails(UUID id, UUID incidentId, String accountId, ClaimStatus status, boolean kycVerified,
                           List<Line> lines, List<PayoutAddress> payoutAddresses, Instant openedAt,
                           Optional<Instant> submittedAt, Optional<Instant> approvedAt) {

    public record Line(UUID id, String asset, long chainId, int decimals, BigInteger snapshotAmount,
                       LineStatus status, Optional<BigInteger> approvedAmount, List<Payment> payments) {

        public BigInteger paidAmount() {
            return payments.stream().map(Payment::amount).reduce(BigInteger.ZERO, BigInteger::add);
        }
    }

    /** A settled on-chain payment of a line. */
    public record Payment(String txHash, long blockNumber, BigInteger amount) {
    }

    public record PayoutAddress(long chainId, String address, Instant provenAt) {
    }
}

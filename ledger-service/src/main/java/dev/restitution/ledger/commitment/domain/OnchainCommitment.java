package dev.restitution.ledger.commitment.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A root committed on-chain to the CommitmentRegistry contract, as payout-service reported it once the
 * transaction was confirmed: which root (the snapshot's or a round's), and where the chain holds it.
 */
public record OnchainCommitment(byte[] commitmentId, CommitmentKind kind, UUID incidentId, Optional<UUID> roundId,
                                Optional<Integer> roundNumber, byte[] root, long chainId, String contract, String txHash,
                                long blockNumber, Instant publishedAt) {

    private static final Pattern ADDRESS = Pattern.compile("^0x[0-9a-f]{40}$");
    private static final Pattern HASH = Pattern.compile("^0x[0-9a-f]{64}$");

    public OnchainCommitment {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(roundId, "roundId");
        Objects.requireNonNull(roundNumber, "roundNumber");
        Objects.requireNonNull(publishedAt, "publishedAt");
        commitmentId = hash32(commitmentId, "commitmentId");
        root = hash32(root, "root");
        if ((kind == CommitmentKind.ROUND) != (roundId.isPresent() && roundNumber.isPresent())) {
            throw new IllegalArgumentException("a ROUND commitment names its round id and number, a SNAPSHOT one neither");
        }
        if (roundNumber.filter(number -> number < 1).isPresent()) {
            throw new IllegalArgumentException("a round number is positive, not " + roundNumber.get());
        }
        if (chainId < 1) {
            throw new IllegalArgumentException("a chain id is positive, not " + chainId);
        }
        if (!ADDRESS.matcher(Objects.requireNonNull(contract, "contract")).matches()) {
            throw new IllegalArgumentException("contract is not a lowercase 0x address: " + contract);
        }
        if (!HASH.matcher(Objects.requireNonNull(txHash, "txHash")).matches()) {
            throw new IllegalArgumentException("txHash is not a lowercase 0x hash: " + txHash);
        }
        if (blockNumber < 0) {
            throw new IllegalArgumentException("a block number is not negative, not " + blockNumber);
        }
    }

    /** A 0x-prefixed 32-byte hash in lowercase hex as bytes. */
    public static byte[] parseHash(String hex, String field) {
        if (hex == null || !HASH.matcher(hex).matches()) {
            throw new IllegalArgumentException(field + " is not a lowercase 0x hash of 32 bytes: " + hex);
        }
        return HexFormat.of().parseHex(hex.substring(2));
    }

    public static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    /** Whether {@code other} says where the chain holds this commitment exactly as this one does. */
    public boolean samePlaceAs(OnchainCommitment other) {
        return Arrays.equals(commitmentId, other.commitmentId) && kind == other.kind && incidentId.equals(other.incidentId)
                && roundId.equals(other.roundId) && Arrays.equals(root, other.root) && chainId == other.chainId
                && contract.equals(other.contract) && txHash.equals(other.txHash) && blockNumber == other.blockNumber;
    }

    @Override
    public byte[] commitmentId() {
        return commitmentId.clone();
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    private static byte[] hash32(byte[] value, String field) {
        Objects.requireNonNull(value, field);
        if (value.length != 32) {
            throw new IllegalArgumentException(field + " has 32 bytes, not " + value.length);
        }
        return value.clone();
    }
}

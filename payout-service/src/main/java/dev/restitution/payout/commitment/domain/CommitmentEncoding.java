package dev.restitution.payout.commitment.domain;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes16;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The encodings of the CommitmentRegistry contract (contracts/solidity/CommitmentRegistry.sol, contracts/docs/formats.md
 * "On-chain commitments", versions 1 and 2): commitment ids, the stored hashes, the per-asset totals hash and the call
 * data of commitSnapshot and commitRound; the id and stored hash of a distribution (version 2). Hashes are 0x and 64
 * lowercase hex digits.
 */
public final class CommitmentEncoding {

    private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);
    /** The contract's bound on assets per commitment is the events' (totals hold at most 100 assets). */
    public static final int MAX_ASSETS = 100;

    private CommitmentEncoding() {
    }

    /** One asset's line of a totals hash: its CAIP-19 id, the amount (smallest unit) and the count. */
    public record AssetTotal(String assetId, BigInteger amount, long count) {
        public AssetTotal {
            if (assetId == null || assetId.isBlank()) {
                throw new IllegalArgumentException("assetId is missing");
            }
            if (amount == null || amount.signum() < 0 || amount.compareTo(UINT256_LIMIT) >= 0) {
                throw new IllegalArgumentException("amount of " + assetId + " must be a uint256");
            }
            if (count < 1) {
                throw new IllegalArgumentException("count of " + assetId + " must be positive");
            }
        }
    }

    /** The UUID's 16 bytes, big-endian (most significant long first), as the contract's bytes16. */
    public static byte[] bytes16(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    /** keccak256(abi.encode(uint8(1), incidentId)). */
    public static String snapshotCommitmentId(UUID incidentId) {
        return hash(List.of(new Uint8(1), new Bytes16(bytes16(incidentId))));
    }

    /** keccak256(abi.encode(uint8(2), incidentId, roundNumber)). */
    public static String roundCommitmentId(UUID incidentId, int roundNumber) {
        return hash(List.of(new Uint8(2), new Bytes16(bytes16(incidentId)), new Uint32(positive(roundNumber, "roundNumber"))));
    }

    /**
     * keccak256(abi.encode(uint8(3), incidentId, roundNumber, keccak256(bytes(assetId)))): the commitment of the pull
     * distribution of one asset (its CAIP-19 id) in a round (formats.md "On-chain commitments, version 2").
     */
    public static String distributionCommitmentId(UUID incidentId, int roundNumber, String assetId) {
        if (assetId == null || assetId.isBlank()) {
            throw new IllegalArgumentException("assetId is missing");
        }
        return hash(List.of(new Uint8(3), new Bytes16(bytes16(incidentId)), new Uint32(positive(roundNumber, "roundNumber")),
                new Bytes32(Hash.sha3(assetId.getBytes(StandardCharsets.UTF_8)))));
    }

    /** What the contract stores for a distribution: keccak256(abi.encode(distributor, root, total, deadline)). */
    public static String distributionHash(String distributor, String root, BigInteger total, long deadlineSeconds) {
        if (distributor == null || !distributor.matches("^0x[0-9a-fA-F]{40}$")) {
            throw new IllegalArgumentException("distributor must be 0x and 40 hex digits");
        }
        if (total == null || total.signum() < 0 || total.compareTo(UINT256_LIMIT) >= 0) {
            throw new IllegalArgumentException("total must be a uint256");
        }
        if (deadlineSeconds < 0) {
            throw new IllegalArgumentException("deadline must not be before 1970");
        }
        return hash(List.of(new Address(distributor), bytes32(root, "root"), new Uint256(total), new Uint64(deadlineSeconds)));
    }

    /**
     * keccak256(abi.encode(string[] assetIds, uint256[] amounts, uint64[] counts)), one entry per asset sorted by the
     * asset id's UTF-8 bytes ascending; whatever order {@code totals} come in.
     */
    public static String totalsHash(List<AssetTotal> totals) {
        if (totals.isEmpty() || totals.size() > MAX_ASSETS) {
            throw new IllegalArgumentException("totals must name 1 to " + MAX_ASSETS + " assets, not " + totals.size());
        }
        if (new HashSet<>(totals.stream().map(AssetTotal::assetId).toList()).size() != totals.size()) {
            throw new IllegalArgumentException("totals name an asset twice: " + totals);
        }
        List<AssetTotal> sorted = totals.stream()
                .sorted(Comparator.comparing(total -> total.assetId().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned))
                .toList();
        return hash(List.of(
                new DynamicArray<>(Utf8String.class, sorted.stream().map(total -> new Utf8String(total.assetId())).toList()),
                new DynamicArray<>(Uint256.class, sorted.stream().map(total -> new Uint256(total.amount())).toList()),
                new DynamicArray<>(Uint64.class, sorted.stream().map(total -> new Uint64(total.count())).toList())));
    }

    /** What the contract stores for a snapshot: keccak256(abi.encode(root, rowCount, totalsHash, cutoff)). */
    public static String snapshotHash(String root, long rowCount, String totalsHash, long cutoffSeconds) {
        return hash(snapshotFields(root, rowCount, totalsHash, cutoffSeconds));
    }

    /** What the contract stores for a round: keccak256(abi.encode(roundId, entitlementRoot, totalsHash)). */
    public static String roundHash(UUID roundId, String entitlementRoot, String totalsHash) {
        return hash(roundFields(roundId, entitlementRoot, totalsHash));
    }

    /** Call data of commitSnapshot(incidentId, root, rowCount, totalsHash, cutoff). */
    public static String commitSnapshotCall(UUID incidentId, String root, long rowCount, String totalsHash,
                                            long cutoffSeconds) {
        List<Type> arguments = new ArrayList<>();
        arguments.add(new Bytes16(bytes16(incidentId)));
        arguments.addAll(snapshotFields(root, rowCount, totalsHash, cutoffSeconds));
        return FunctionEncoder.encode(new Function("commitSnapshot", arguments, List.of()));
    }

    /** Call data of commitRound(incidentId, roundNumber, roundId, entitlementRoot, totalsHash). */
    public static String commitRoundCall(UUID incidentId, int roundNumber, UUID roundId, String entitlementRoot,
                                         String totalsHash) {
        List<Type> arguments = new ArrayList<>();
        arguments.add(new Bytes16(bytes16(incidentId)));
        arguments.add(new Uint32(positive(roundNumber, "roundNumber")));
        arguments.addAll(roundFields(roundId, entitlementRoot, totalsHash));
        return FunctionEncoder.encode(new Function("commitRound", arguments, List.of()));
    }

    /** Call data of commitments(id), the contract's view of what is stored under {@code commitmentId}. */
    public static String commitmentsCall(String commitmentId) {
        return FunctionEncoder.encode(new Function("commitments", List.of(bytes32(commitmentId, "commitmentId")),
                List.of()));
    }

    private static List<Type> snapshotFields(String root, long rowCount, String totalsHash, long cutoffSeconds) {
        if (cutoffSeconds < 0) {
            throw new IllegalArgumentException("cutoff must not be before 1970");
        }
        return List.of(bytes32(root, "root"), new Uint64(positive(rowCount, "rowCount")),
                bytes32(totalsHash, "totalsHash"), new Uint64(cutoffSeconds));
    }

    private static List<Type> roundFields(UUID roundId, String entitlementRoot, String totalsHash) {
        return List.of(new Bytes16(bytes16(roundId)), bytes32(entitlementRoot, "entitlementRoot"),
                bytes32(totalsHash, "totalsHash"));
    }

    private static Bytes32 bytes32(String hex, String field) {
        if (hex == null || !hex.matches("^0x[0-9a-f]{64}$")) {
            throw new IllegalArgumentException(field + " must be 0x and 64 lowercase hex digits");
        }
        return new Bytes32(Numeric.hexStringToByteArray(hex));
    }

    private static long positive(long value, String field) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be positive");
        }
        return value;
    }

    /** keccak256(abi.encode(values...)): web3j's encoder of constructor arguments is exactly abi.encode. */
    private static String hash(List<Type> values) {
        return Hash.sha3(Numeric.prependHexPrefix(FunctionEncoder.encodeConstructor(values)));
    }
}

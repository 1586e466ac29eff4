// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title CommitmentRegistry
/// @notice Append-only public record of what the exchange committed to for each incident: the sealed
///         snapshot of balances at cutoff, the entitlements of each approved distribution round, and each
///         pull distribution of a round's asset.
///         Only the publisher (the payout service's signer on this chain) may append; nothing can be
///         changed or removed, and each commitment id can be written once. Anyone can read a
///         commitment (`commitments(id)`) and its fields (the event), and check a claimant's proof or
///         the published totals against them without trusting the exchange.
/// @dev One storage slot per commitment: `commitments[id] = keccak256(abi.encode(fields...))`; the fields
///      themselves are in the commitment's event. Encodings of the committed values (also in
///      contracts/docs/formats.md, "On-chain commitments, version 1"):
///      - incidentId, roundId: the UUID's 16 bytes, big-endian (the most significant long first), e.g.
///        UUID 01234567-89ab-cdef-0123-456789abcdef is bytes16 0x0123456789abcdef0123456789abcdef.
///      - cutoff: the incident's cutoff instant, Unix seconds (UTC), fraction dropped.
///      - root: the sealed snapshot's OpenZeppelin StandardMerkleTree root (snapshot leaf formats 1, 2);
///        entitlementRoot: the round's StandardMerkleTree root of its entitlements (entitlement leaf,
///        version 1).
///      - rowCount: the snapshot's number of rows (leaves).
///      - roundNumber: the round's number within its incident, 1 for the first. Commitments are keyed by
///        number, so no two different rounds of one number can both be committed (no split view).
///      - distribution (contracts/docs/formats.md, "On-chain commitments, version 2", which adds it): one pull
///        distribution of a committed round's asset, id keccak256(abi.encode(uint8(3), incidentId, roundNumber,
///        keccak256(bytes(assetId)))) with assetId the asset's CAIP-19 id; its hash is
///        keccak256(abi.encode(distributor, root, total, deadline)): the MerkleDistributor's address and
///        immutables (root over distribution leaves, version 1; total in the asset's smallest unit; deadline in
///        Unix seconds).
///      - totalsHash, snapshot and round alike:
///          keccak256(abi.encode(string[] assetIds, uint256[] amounts, uint64[] counts))
///        one entry per asset at the same index of the three arrays, sorted by the asset's CAIP-19 id
///        ascending (byte order of its UTF-8). Snapshot: the asset's sum of balances (smallest unit) and
///        its number of rows. Round: the sum of the amounts this round entitled of the asset (this
///        round's, not cumulative) and the number of its entitlements.
contract CommitmentRegistry {
    /// @notice The only address that may append.
    address public immutable publisher;

    /// @notice Commitment id -> hash of the committed fields; zero while nothing is committed under it.
    mapping(bytes32 id => bytes32 hash) public commitments;

    /// @notice One per snapshot commitment; its hash is keccak256(abi.encode(root, rowCount, totalsHash, cutoff)).
    event SnapshotCommitted(bytes16 indexed incidentId, bytes32 root, uint64 rowCount, bytes32 totalsHash, uint64 cutoff);
    /// @notice One per round commitment; its hash is keccak256(abi.encode(roundId, entitlementRoot, totalsHash)).
    event RoundCommitted(
        bytes16 indexed incidentId, uint32 indexed roundNumber, bytes16 roundId, bytes32 entitlementRoot, bytes32 totalsHash
    );

    /// @notice One per distribution commitment; its hash is keccak256(abi.encode(distributor, root, total, deadline)).
    event DistributionCommitted(
        bytes16 indexed incidentId,
        uint32 indexed roundNumber,
        address indexed distributor,
        string assetId,
        bytes32 root,
        uint256 total,
        uint64 deadline
    );

    error NotPublisher(address caller);
    error AlreadyCommitted(bytes32 id);
    error SnapshotNotCommitted(bytes16 incidentId);
    error RoundNotCommitted(bytes16 incidentId, uint32 roundNumber);
    /// @notice The constructor was given the zero address as publisher: nobody could ever append.
    error ZeroPublisher();

    constructor(address publisher_) {
        if (publisher_ == address(0)) revert ZeroPublisher();
        publisher = publisher_;
    }

    /// @notice Id of an incident's snapshot commitment: keccak256(abi.encode(uint8(1), incidentId)).
    function snapshotCommitmentId(bytes16 incidentId) public pure returns (bytes32) {
        return keccak256(abi.encode(uint8(1), incidentId));
    }

    /// @notice Id of the commitment of an incident's round number roundNumber:
    ///         keccak256(abi.encode(uint8(2), incidentId, roundNumber)).
    function roundCommitmentId(bytes16 incidentId, uint32 roundNumber) public pure returns (bytes32) {
        return keccak256(abi.encode(uint8(2), incidentId, roundNumber));
    }

    /// @notice Commits the incident's sealed snapshot, once.
    /// @dev Stores commitments[snapshotCommitmentId(incidentId)] = keccak256(abi.encode(root, rowCount, totalsHash, cutoff)).
    function commitSnapshot(bytes16 incidentId, bytes32 root, uint64 rowCount, bytes32 totalsHash, uint64 cutoff)
        external
    {
        if (msg.sender != publisher) revert NotPublisher(msg.sender);
        bytes32 id = snapshotCommitmentId(incidentId);
        if (commitments[id] != bytes32(0)) revert AlreadyCommitted(id);
        commitments[id] = keccak256(abi.encode(root, rowCount, totalsHash, cutoff));
        emit SnapshotCommitted(incidentId, root, rowCount, totalsHash, cutoff);
    }

    /// @notice Commits an approved round's entitlements, once per round number; the incident's snapshot
    ///         must be committed first.
    /// @dev Stores commitments[roundCommitmentId(incidentId, roundNumber)] =
    ///      keccak256(abi.encode(roundId, entitlementRoot, totalsHash)).
    function commitRound(
        bytes16 incidentId,
        uint32 roundNumber,
        bytes16 roundId,
        bytes32 entitlementRoot,
        bytes32 totalsHash
    ) external {
        if (msg.sender != publisher) revert NotPublisher(msg.sender);
        if (commitments[snapshotCommitmentId(incidentId)] == bytes32(0)) revert SnapshotNotCommitted(incidentId);
        bytes32 id = roundCommitmentId(incidentId, roundNumber);
        if (commitments[id] != bytes32(0)) revert AlreadyCommitted(id);
        commitments[id] = keccak256(abi.encode(roundId, entitlementRoot, totalsHash));
        emit RoundCommitted(incidentId, roundNumber, roundId, entitlementRoot, totalsHash);
    }

    /// @notice Id of the commitment of the distribution of one asset (its CAIP-19 id) in an incident's round number
    ///         roundNumber: keccak256(abi.encode(uint8(3), incidentId, roundNumber, keccak256(bytes(assetId)))).
    function distributionCommitmentId(bytes16 incidentId, uint32 roundNumber, string calldata assetId)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(uint8(3), incidentId, roundNumber, keccak256(bytes(assetId))));
    }

    /// @notice Commits the pull distribution of one asset of a committed round, once per round and asset.
    /// @dev Stores commitments[distributionCommitmentId(incidentId, roundNumber, assetId)] =
    ///      keccak256(abi.encode(distributor, root, total, deadline)).
    function commitDistribution(
        bytes16 incidentId,
        uint32 roundNumber,
        string calldata assetId,
        address distributor,
        bytes32 root,
        uint256 total,
        uint64 deadline
    ) external {
        if (msg.sender != publisher) revert NotPublisher(msg.sender);
        if (commitments[roundCommitmentId(incidentId, roundNumber)] == bytes32(0)) {
            revert RoundNotCommitted(incidentId, roundNumber);
        }
        bytes32 id = distributionCommitmentId(incidentId, roundNumber, assetId);
        if (commitments[id] != bytes32(0)) revert AlreadyCommitted(id);
        commitments[id] = keccak256(abi.encode(distributor, root, total, deadline));
        emit DistributionCommitted(incidentId, roundNumber, distributor, assetId, root, total, deadline);
    }
}

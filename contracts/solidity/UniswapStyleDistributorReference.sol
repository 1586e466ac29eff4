// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @dev The ERC-20 function the reference calls, declared as Uniswap's IERC20 declares it.
interface IERC20Transfer {
    function transfer(address to, uint256 amount) external returns (bool);
}

/// @title UniswapStyleDistributorReference
/// @notice A measurement reference for the gas benchmark only (DistributorGasBenchmark in payout-service), never
///         deployed for a distribution: it has no deadline, no sweep and accepts only tokens that answer true.
/// @dev Written here in the shape of Uniswap's merkle-distributor MerkleDistributor (the contract behind the
///      UNI airdrop, Solidity 0.6.11): an immutable token and root; a mapping of claimed words; `isClaimed`
///      read first, then `_setClaimed` reading the word again and writing it; the leaf
///      keccak256(abi.encodePacked(index, account, amount)); the proof handed on as a memory array to a
///      verification as OpenZeppelin's MerkleProof of that era (3.x) did it: a loop hashing
///      abi.encodePacked of the sorted pair at each level; require with revert strings; the high-level
///      token transfer whose bool is required; the event Claimed(index, account, amount). Compiled by the
///      project's compiler and settings, so the comparison with MerkleDistributor isolates the code.
///      The leaf and the sorted-pair nodes are MerkleDistributor's too: one tree serves both.
contract UniswapStyleDistributorReference {
    address public immutable token;
    bytes32 public immutable merkleRoot;

    // A packed array of booleans: 256 claimed flags per word.
    mapping(uint256 => uint256) private claimedBitMap;

    event Claimed(uint256 index, address account, uint256 amount);

    constructor(address token_, bytes32 merkleRoot_) {
        token = token_;
        merkleRoot = merkleRoot_;
    }

    function isClaimed(uint256 index) public view returns (bool) {
        uint256 claimedWordIndex = index / 256;
        uint256 claimedBitIndex = index % 256;
        uint256 claimedWord = claimedBitMap[claimedWordIndex];
        uint256 mask = (1 << claimedBitIndex);
        return claimedWord & mask == mask;
    }

    function _setClaimed(uint256 index) private {
        uint256 claimedWordIndex = index / 256;
        uint256 claimedBitIndex = index % 256;
        claimedBitMap[claimedWordIndex] = claimedBitMap[claimedWordIndex] | (1 << claimedBitIndex);
    }

    function claim(uint256 index, address account, uint256 amount, bytes32[] calldata merkleProof) external {
        require(!isClaimed(index), "MerkleDistributor: Drop already claimed.");

        // Verify the merkle proof.
        bytes32 node = keccak256(abi.encodePacked(index, account, amount));
        require(_verify(merkleProof, merkleRoot, node), "MerkleDistributor: Invalid proof.");

        // Mark it claimed and send the token.
        _setClaimed(index);
        require(IERC20Transfer(token).transfer(account, amount), "MerkleDistributor: Transfer failed.");

        emit Claimed(index, account, amount);
    }

    /// @dev As OpenZeppelin's MerkleProof.verify (3.x): the proof in memory, one abi.encodePacked per level.
    function _verify(bytes32[] memory proof, bytes32 root, bytes32 leaf) private pure returns (bool) {
        bytes32 computedHash = leaf;
        for (uint256 i = 0; i < proof.length; i++) {
            bytes32 proofElement = proof[i];
            if (computedHash <= proofElement) {
                // Hash(current computed hash + current element of the proof)
                computedHash = keccak256(abi.encodePacked(computedHash, proofElement));
            } else {
                // Hash(current element of the proof + current computed hash)
                computedHash = keccak256(abi.encodePacked(proofElement, computedHash));
            }
        }
        // Check if the computed hash (root) is equal to the provided root
        return computedHash == root;
    }
}

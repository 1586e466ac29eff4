// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @dev The one ERC-20 view the sweep reads.
interface IERC20Balance {
    function balanceOf(address account) external view returns (uint256);
}

/// @title MerkleDistributor
/// @notice Pull payments of one distribution (one round x one asset): every entitled account can be paid its
///         amount of `token` once, by anyone submitting the account's leaf and Merkle proof before `deadline`;
///         the funds only ever go to the account named in the leaf. After the deadline the operator sweeps what
///         is left to the treasury. Funded by a plain token transfer of `total` to this contract.
/// @dev Encodings (contracts/docs/formats.md, "Distribution leaf, version 1"):
///      - leaf = keccak256(abi.encodePacked(uint256 index, address account, uint256 amount)): 84 bytes hashed
///        once. An inner node is the hash of exactly 64 bytes, so no leaf preimage is ever an inner node's
///        preimage (no second-preimage confusion) without the double hashing 64-byte leaves would need.
///      - inner node = keccak256(abi.encodePacked(min(a, b), max(a, b))) of its two children (sorted pair, as
///        OpenZeppelin's MerkleProof); the proof lists the siblings from the leaf up.
///      - claimed bits: one bit per index, 256 per storage word; word w is storage slot w itself (the
///        contract has no other storage: everything else is immutable), bit (index & 255) of it.
///      A claim reads and writes its word once, verifies the calldata proof in scratch memory and calls the
///      token's transfer directly; the bit is set before the transfer, so a token calling back finds the
///      index claimed.
contract MerkleDistributor {
    /// @notice The ERC-20 token paid.
    address public immutable token;
    /// @notice Root of the tree of (index, account, amount) leaves.
    bytes32 public immutable merkleRoot;
    /// @notice Last second (Unix time) a claim is accepted; the sweep is allowed after it.
    uint256 public immutable deadline;
    /// @notice The only address allowed to sweep.
    address public immutable operator;
    /// @notice Where the sweep sends what is left.
    address public immutable treasury;
    /// @notice The sum of the leaves' amounts: what this contract is to be funded with.
    uint256 public immutable total;

    /// @notice One per claim: the leaf's values. Nothing indexed (as Uniswap's): an indexed account costs 104 more
    ///         gas a claim (measured), and the log is read per distributor, whose claims `isClaimed` also answers.
    event Claimed(uint256 index, address account, uint256 amount);
    /// @notice The sweep: amount of token sent back to treasury.
    event Swept(address indexed treasury, uint256 amount);

    error AlreadyClaimed(uint256 index);
    /// @notice The proof does not lead from the leaf (index, account, amount) to the root: a wrong proof, or
    ///         a leaf with another account or amount than the tree's.
    error InvalidProof();
    error ClaimWindowClosed(uint256 deadline);
    error NotOperator(address caller);
    error ClaimWindowOpen(uint256 deadline);
    error NothingToSweep();
    error TransferFailed(address to, uint256 amount);
    error TokenHasNoCode(address token);
    error ZeroAddress();
    error ZeroRoot();
    error DeadlineNotInFuture(uint256 deadline);

    /// @dev transfer(address,uint256)
    uint256 private constant TRANSFER_SELECTOR = 0xa9059cbb;

    constructor(
        address token_,
        bytes32 merkleRoot_,
        uint256 deadline_,
        address operator_,
        address treasury_,
        uint256 total_
    ) {
        if (token_.code.length == 0) revert TokenHasNoCode(token_);
        if (operator_ == address(0) || treasury_ == address(0)) revert ZeroAddress();
        if (merkleRoot_ == bytes32(0)) revert ZeroRoot();
        if (deadline_ <= block.timestamp) revert DeadlineNotInFuture(deadline_);
        token = token_;
        merkleRoot = merkleRoot_;
        deadline = deadline_;
        operator = operator_;
        treasury = treasury_;
        total = total_;
    }

    /// @notice Whether the leaf at index has been paid.
    function isClaimed(uint256 index) external view returns (bool claimed) {
        assembly ("memory-safe") {
            claimed := and(shr(and(index, 0xff), sload(shr(8, index))), 1)
        }
    }

    /// @notice Pays account its amount, once per index, if (index, account, amount) is a leaf of the tree and the
    ///         deadline has not passed. Anyone may call it; only account is paid.
    function claim(uint256 index, address account, uint256 amount, bytes32[] calldata proof) external {
        if (block.timestamp > deadline) revert ClaimWindowClosed(deadline);
        bytes32 root = merkleRoot;
        bool proven;
        assembly ("memory-safe") {
            // The leaf: the 84 packed bytes at 0x00..0x54 (0x40..0x54 is part of the free memory pointer's word,
            // restored below); then each level hashes the sorted pair in 0x00..0x40.
            let freeMemory := mload(0x40)
            mstore(0x00, index)
            mstore(0x20, shl(96, account))
            mstore(0x34, amount)
            let node := keccak256(0x00, 0x54)
            mstore(0x40, freeMemory)
            // Tested at the end of each level rather than before it (a bare proof skips the loop): measured
            // 15 gas a level cheaper than a for loop with its condition in the head.
            if proof.length {
                let at := proof.offset
                let end := add(at, shl(5, proof.length))
                for {} 1 {} {
                    let sibling := calldataload(at)
                    // The smaller of the two first: node at 0x00 unless it is the greater, then at 0x20.
                    let nodeAt := shl(5, gt(node, sibling))
                    mstore(nodeAt, node)
                    mstore(xor(nodeAt, 0x20), sibling)
                    node := keccak256(0x00, 0x40)
                    at := add(at, 0x20)
                    if iszero(lt(at, end)) { break }
                }
            }
            proven := eq(node, root)
        }
        if (!proven) revert InvalidProof();
        uint256 word;
        uint256 bit;
        assembly ("memory-safe") {
            word := sload(shr(8, index))
            bit := shl(and(index, 0xff), 1)
        }
        if (word & bit != 0) revert AlreadyClaimed(index);
        address paid = token;
        bool sent;
        assembly ("memory-safe") {
            sstore(shr(8, index), or(word, bit))
            // transfer(account, amount): the selector at 0x10..0x14 (the rest of the word at 0x00 zero), the
            // account's word at 0x14..0x34, the amount at 0x34..0x54 (0x40..0x54: the free memory pointer's
            // word, restored after). The answer lands in 0x00..0x20, which holds the selector word before the
            // call: only a full returned word 1, or no answer at all (a token that returns nothing; the token
            // has code, checked at deployment), counts as paid.
            let freeMemory := mload(0x40)
            mstore(0x00, shl(96, TRANSFER_SELECTOR))
            mstore(0x20, shl(96, account))
            mstore(0x34, amount)
            let called := call(gas(), paid, 0, 0x10, 0x44, 0x00, 0x20)
            sent := and(called, or(eq(mload(0x00), 1), iszero(returndatasize())))
            mstore(0x40, freeMemory)
        }
        if (!sent) revert TransferFailed(account, amount);
        emit Claimed(index, account, amount);
    }

    /// @notice Operator only, after the deadline: sends this contract's whole balance of token to the treasury.
    function sweep() external {
        if (msg.sender != operator) revert NotOperator(msg.sender);
        if (block.timestamp <= deadline) revert ClaimWindowOpen(deadline);
        uint256 amount = IERC20Balance(token).balanceOf(address(this));
        if (amount == 0) revert NothingToSweep();
        (bool called, bytes memory returned) = token.call(abi.encodeWithSelector(bytes4(uint32(TRANSFER_SELECTOR)), treasury, amount));
        if (!called || (returned.length != 0 && (returned.length < 32 || abi.decode(returned, (uint256)) != 1))) {
            revert TransferFailed(treasury, amount);
        }
        emit Swept(treasury, amount);
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title BatchPayout
/// @notice Pays a list of recipients in one transaction, in the chain's native coin or in one
///         ERC-20 token, at most once per batch id. Only the operator (the payout service's hot
///         key) may pay; only the owner (a cold key or multisig) may change the operator, withdraw
///         funds or hand over ownership.
/// @dev Items: one 32-byte word per payment, the recipient in the upper 20 bytes and the amount
///      in the lower 12, i.e. abi.encodePacked(address recipient, uint96 amount) read as a uint256:
///        item = uint256(uint160(recipient)) << 96 | amount
///      Half the calldata of an address[] and a uint256[], which is most of what the contract
///      itself costs per recipient. Amounts are therefore below 2^96 (about 7.9e28 base units,
///      79 billion tokens of 18 decimals); the service pays a larger amount another way.
///      Where the money comes from:
///      - Native coin: the operator sends exactly the batch total as msg.value; nothing is kept.
///      - Tokens: paid from this contract's own balance, funded by the treasury beforehand. We do
///        not pull with transferFrom from a treasury allowance: a stolen operator key can then at
///        most pay out what was deliberately funded here (and only to batches it names), never
///        drain the treasury behind an allowance. It is also cheaper: the contract's balance slot
///        stays warm and no allowance slot is written per recipient.
///      Items hash (the commitment the service recomputes and the event carries):
///        itemsHash = keccak256(abi.encodePacked(items))
///      the hash of the items' 32-byte words in batch order, exactly as they are in the calldata.
///      A failing transfer (a token refusing, a recipient contract reverting) reverts the whole
///      batch: nobody in it is paid and the batch id stays unused; the service must drop or fix
///      the offending item and propose again.
contract BatchPayout {
    /// @notice Largest batch accepted. The service bounds batches by gas far below this; the
    ///         transaction gas cap (2^24 since Osaka) bounds a token batch to ~650 fresh recipients.
    uint256 public constant MAX_ITEMS = 1000;

    /// @dev transfer(address,uint256)
    bytes4 private constant TRANSFER_SELECTOR = 0xa9059cbb;
    /// @dev The amount's bits in an item.
    uint256 private constant AMOUNT_MASK = 0xffffffffffffffffffffffff;

    address public owner;
    address public pendingOwner;
    /// @notice The only address allowed to pay batches; zero stops all payouts.
    address public operator;
    /// @notice Batch ids already paid; a paid id is refused forever.
    mapping(bytes32 batchId => bool paid) public executed;

    /// @notice One per paid batch; token is the zero address for native coin.
    event BatchPaid(bytes32 indexed batchId, address indexed token, bytes32 itemsHash, uint256 total, uint256 count);
    event OperatorChanged(address indexed previousOperator, address indexed newOperator);
    event OwnershipTransferStarted(address indexed currentOwner, address indexed newOwner);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    event Withdrawn(address indexed token, address indexed to, uint256 amount);

    error NotOwner(address caller);
    error NotPendingOwner(address caller);
    error NotOperator(address caller);
    error ZeroAddress();
    error BatchAlreadyExecuted(bytes32 batchId);
    error EmptyBatch();
    error TooManyItems(uint256 count, uint256 maximum);
    /// @notice The item's recipient is the zero address.
    error InvalidRecipient(uint256 index);
    error ZeroAmount(uint256 index);
    error WrongNativeValue(uint256 total, uint256 received);
    error TokenHasNoCode(address token);
    error NativeTransferFailed(uint256 index, address recipient, uint256 amount);
    error TokenTransferFailed(uint256 index, address recipient, uint256 amount);
    error WithdrawalFailed(address token, address to, uint256 amount);

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    constructor(address initialOperator) {
        owner = msg.sender;
        operator = initialOperator;
        emit OwnershipTransferred(address(0), msg.sender);
        emit OperatorChanged(address(0), initialOperator);
    }

    /// @notice Pays every item's amount in wei to its recipient; msg.value must equal their sum.
    /// @dev Checks, then marks the batch executed, then sends: a recipient contract re-entering
    ///      finds the batch paid (and is not the operator anyway). Each send forwards all gas so
    ///      smart-contract wallets can receive; the service estimates the batch before signing.
    ///      The running total is checked against msg.value before each send (too little stops there)
    ///      and compared once more after the last (too much): a wrong msg.value reverts every send.
    function payNative(bytes32 batchId, uint256[] calldata items) external payable {
        uint256 count = _checkBatch(batchId, items.length);
        executed[batchId] = true;
        uint256 total;
        uint256 failure;
        assembly ("memory-safe") {
            let end := add(items.offset, shl(5, count))
            for { let at := items.offset } lt(at, end) { at := add(at, 0x20) } {
                let item := calldataload(at)
                let amount := and(item, AMOUNT_MASK)
                // Both non-zero: their product (below 2^256) is non-zero.
                if iszero(mul(shr(96, item), amount)) {
                    failure := or(shl(128, INVALID_ITEM), shr(5, sub(at, items.offset)))
                    break
                }
                // Cannot overflow: at most MAX_ITEMS amounts below 2^96.
                total := add(total, amount)
                if gt(total, callvalue()) {
                    failure := shl(128, NATIVE_VALUE_SHORT)
                    break
                }
                if iszero(call(gas(), shr(96, item), amount, 0, 0, 0, 0)) {
                    failure := or(shl(128, NATIVE_TRANSFER_FAILED), shr(5, sub(at, items.offset)))
                    break
                }
            }
        }
        if (failure >> 128 == NATIVE_VALUE_SHORT) revert WrongNativeValue(_total(items), msg.value);
        if (failure != 0) _revertItem(failure, items);
        if (total != msg.value) revert WrongNativeValue(total, msg.value);
        emit BatchPaid(batchId, address(0), _itemsHash(items), total, count);
    }

    /// @notice Pays every item's amount of token to its recipient from this contract's balance.
    /// @dev Calls transfer(address,uint256) directly and accepts, like OpenZeppelin's SafeERC20,
    ///      either no return data (USDT-style tokens; the token is checked to have code) or a
    ///      first returned word of exactly 1; anything else, or a revert, reverts the batch.
    ///      The call data is built in 0x10..0x54: the selector in the word at 0x00 (bytes
    ///      0x10..0x14, zeros after it), written once before the loop; the item word itself at 0x20
    ///      (its recipient lands in 0x20..0x34, after the selector word's zero bytes: a whole address
    ///      argument without shifting), then the amount at 0x34..0x54, whose first 20 bytes are zero.
    ///      The answer lands in 0x20..0x40, which held the recipient and 12 zero bytes before the
    ///      call: an answer shorter than a word (or none) leaves that zero last byte, so only a full
    ///      returned word 1 reads as 1.
    ///      0x40..0x54 are the free memory pointer's upper bytes, zero before and zeroed again after.
    ///      One conditional jump per item on the way that pays: the recipient and amount checks are
    ///      folded into the transfer's success check, and only an item failing it leaves the loop
    ///      to be told apart: an invalid item is reported as such even though its transfer was
    ///      sent (the batch reverts anyway), so the first item that cannot be paid is the one named.
    ///      The loop pays count mod 4 items one at a time, then four per pass.
    function payToken(bytes32 batchId, address token, uint256[] calldata items) external {
        _checkBatch(batchId, items.length);
        if (token.code.length == 0) revert TokenHasNoCode(token);
        executed[batchId] = true;
        uint256 total;
        uint256 failure;
        assembly ("memory-safe") {
            // The failure word of the item at index, which failed the check: invalid, or else refused.
            function itemFailure(item, mask, index) -> word {
                word := or(shl(128, TOKEN_TRANSFER_FAILED), index)
                if iszero(mul(gt(item, mask), and(item, mask))) { word := or(shl(128, INVALID_ITEM), index) }
            }
            let mask := AMOUNT_MASK
            mstore(0x00, shl(96, shr(224, TRANSFER_SELECTOR)))
            let at := items.offset
            let end := add(at, shl(5, items.length))
            // Each item: paid when the call succeeded and answered a full word 1 or nothing, to a
            // non-zero recipient (the item is above the mask), of a non-zero amount.
            // count mod 4 items one at a time (the loop ends when the items left are a multiple of 4).
            if and(items.length, 3) {
                for {} 1 {} {
                    {
                        let item := calldataload(at)
                        let amount := and(item, mask)
                        total := add(total, amount)
                        mstore(0x20, item)
                        mstore(0x34, amount)
                        let called := call(gas(), token, 0, 0x10, 0x44, 0x20, 0x20)
                        if iszero(mul(and(and(called, or(eq(mload(0x20), 1), iszero(returndatasize()))), gt(item, mask)), amount)) {
                            failure := itemFailure(item, mask, shr(5, sub(at, items.offset)))
                            break
                        }
                    }
                    at := add(at, 0x20)
                    if and(sub(end, at), 0x60) { continue }
                    break
                }
                // A failure skips the four-at-a-time loop.
                if failure { end := at }
            }
            if lt(at, end) {
                for {} 1 {} {
                    {
                        let item := calldataload(at)
                        let amount := and(item, mask)
                        total := add(total, amount)
                        mstore(0x20, item)
                        mstore(0x34, amount)
                        let called := call(gas(), token, 0, 0x10, 0x44, 0x20, 0x20)
                        if iszero(mul(and(and(called, or(eq(mload(0x20), 1), iszero(returndatasize()))), gt(item, mask)), amount)) {
                            failure := itemFailure(item, mask, shr(5, sub(at, items.offset)))
                            break
                        }
                    }
                    {
                        let item := calldataload(add(at, 0x20))
                        let amount := and(item, mask)
                        total := add(total, amount)
                        mstore(0x20, item)
                        mstore(0x34, amount)
                        let called := call(gas(), token, 0, 0x10, 0x44, 0x20, 0x20)
                        if iszero(mul(and(and(called, or(eq(mload(0x20), 1), iszero(returndatasize()))), gt(item, mask)), amount)) {
                            failure := itemFailure(item, mask, shr(5, sub(add(at, 0x20), items.offset)))
                            break
                        }
                    }
                    {
                        let item := calldataload(add(at, 0x40))
                        let amount := and(item, mask)
                        total := add(total, amount)
                        mstore(0x20, item)
                        mstore(0x34, amount)
                        let called := call(gas(), token, 0, 0x10, 0x44, 0x20, 0x20)
                        if iszero(mul(and(and(called, or(eq(mload(0x20), 1), iszero(returndatasize()))), gt(item, mask)), amount)) {
                            failure := itemFailure(item, mask, shr(5, sub(add(at, 0x40), items.offset)))
                            break
                        }
                    }
                    {
                        let item := calldataload(add(at, 0x60))
                        let amount := and(item, mask)
                        total := add(total, amount)
                        mstore(0x20, item)
                        mstore(0x34, amount)
                        let called := call(gas(), token, 0, 0x10, 0x44, 0x20, 0x20)
                        if iszero(mul(and(and(called, or(eq(mload(0x20), 1), iszero(returndatasize()))), gt(item, mask)), amount)) {
                            failure := itemFailure(item, mask, shr(5, sub(add(at, 0x60), items.offset)))
                            break
                        }
                    }
                    at := add(at, 0x80)
                    if lt(at, end) { continue }
                    break
                }
            }
            mstore(0x34, 0)
        }
        if (failure != 0) _revertItem(failure, items);
        emit BatchPaid(batchId, token, _itemsHash(items), total, items.length);
    }

    /// @notice Owner only: the operator may pay batches; the zero address stops all payouts.
    function setOperator(address newOperator) external onlyOwner {
        emit OperatorChanged(operator, newOperator);
        operator = newOperator;
    }

    /// @notice Owner only, first step of handing over: newOwner must call acceptOwnership.
    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert ZeroAddress();
        pendingOwner = newOwner;
        emit OwnershipTransferStarted(msg.sender, newOwner);
    }

    function acceptOwnership() external {
        if (msg.sender != pendingOwner) revert NotPendingOwner(msg.sender);
        emit OwnershipTransferred(owner, msg.sender);
        owner = msg.sender;
        pendingOwner = address(0);
    }

    /// @notice Owner only: returns funded tokens (or stray native coin, token zero) that no batch
    ///         will use, e.g. when a payout round is cancelled.
    function withdraw(address token, address to, uint256 amount) external onlyOwner {
        if (to == address(0)) revert ZeroAddress();
        if (token == address(0)) {
            (bool sent,) = to.call{value: amount}("");
            if (!sent) revert WithdrawalFailed(token, to, amount);
        } else {
            if (token.code.length == 0) revert TokenHasNoCode(token);
            (bool called, bytes memory returned) = token.call(abi.encodeWithSelector(TRANSFER_SELECTOR, to, amount));
            if (!called || (returned.length != 0 && (returned.length < 32 || abi.decode(returned, (uint256)) != 1))) {
                revert WithdrawalFailed(token, to, amount);
            }
        }
        emit Withdrawn(token, to, amount);
    }

    /// @dev The checks every batch shares; answers the item count.
    function _checkBatch(bytes32 batchId, uint256 count) private view returns (uint256) {
        if (msg.sender != operator) revert NotOperator(msg.sender);
        if (executed[batchId]) revert BatchAlreadyExecuted(batchId);
        if (count == 0) revert EmptyBatch();
        if (count > MAX_ITEMS) revert TooManyItems(count, MAX_ITEMS);
        return count;
    }

    // Why an item failed, in the upper 128 bits of a failure word whose lower bits hold its index.
    uint256 private constant INVALID_ITEM = 1;
    uint256 private constant TOKEN_TRANSFER_FAILED = 2;
    uint256 private constant NATIVE_TRANSFER_FAILED = 3;
    uint256 private constant NATIVE_VALUE_SHORT = 4;

    /// @dev The sum of the items' amounts (at most MAX_ITEMS below 2^96 each: no overflow).
    function _total(uint256[] calldata items) private pure returns (uint256 total) {
        for (uint256 i = 0; i < items.length; i++) {
            total += items[i] & AMOUNT_MASK;
        }
    }

    /// @dev Reverts with the custom error a failure word names.
    function _revertItem(uint256 failure, uint256[] calldata items) private pure {
        uint256 reason = failure >> 128;
        uint256 index = uint128(failure);
        address recipient = address(uint160(items[index] >> 96));
        uint256 amount = items[index] & AMOUNT_MASK;
        if (reason == INVALID_ITEM) {
            if (recipient == address(0)) revert InvalidRecipient(index);
            revert ZeroAmount(index);
        }
        if (reason == NATIVE_TRANSFER_FAILED) revert NativeTransferFailed(index, recipient, amount);
        revert TokenTransferFailed(index, recipient, amount);
    }

    /// @dev keccak256(abi.encodePacked(items)): the items' calldata copied once and hashed.
    function _itemsHash(uint256[] calldata items) private pure returns (bytes32 itemsHash) {
        assembly ("memory-safe") {
            let length := shl(5, items.length)
            let copy := mload(0x40)
            calldatacopy(copy, items.offset, length)
            itemsHash := keccak256(copy, length)
        }
    }
}

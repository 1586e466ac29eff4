// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title BatchPayout
/// @notice Pays a list of recipients in one transaction, in the chain's native coin or in one
///         ERC-20 token, at most once per batch id. Only the operator (the payout service's hot
///         key) may pay; only the owner (a cold key or multisig) may change the operator, withdraw
///         funds or hand over ownership.
/// @dev Where the money comes from:
///      - Native coin: the operator sends exactly the batch total as msg.value; nothing is kept.
///      - Tokens: paid from this contract's own balance, funded by the treasury beforehand. We do
///        not pull with transferFrom from a treasury allowance: a stolen operator key can then at
///        most pay out what was deliberately funded here (and only to batches it names), never
///        drain the treasury behind an allowance. It is also cheaper: the contract's balance slot
///        stays warm and no allowance slot is written per recipient.
///      Items hash (the commitment the service recomputes and the event carries):
///        itemsHash = keccak256(abi.encode(recipients, amounts))
///      with recipients an address[] and amounts a uint256[] in batch order, i.e. the standard ABI
///      encoding of the two dynamic arrays: 0x40, 0x60 + 32n, n, recipients..., n, amounts...
///      A failing transfer (a token refusing, a recipient contract reverting) reverts the whole
///      batch: nobody in it is paid and the batch id stays unused; the service must drop or fix
///      the offending item and propose again.
contract BatchPayout {
    /// @notice Largest batch accepted. The service bounds batches by gas far below this; the
    ///         transaction gas cap (2^24 since Osaka) bounds a token batch to ~650 fresh recipients.
    uint256 public constant MAX_ITEMS = 1000;

    /// @dev transfer(address,uint256)
    bytes4 private constant TRANSFER_SELECTOR = 0xa9059cbb;

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
    error LengthMismatch(uint256 recipients, uint256 amounts);
    /// @notice A recipient is the zero address or not a clean 20-byte ABI address.
    error InvalidRecipient(uint256 index);
    error ZeroAmount(uint256 index);
    error TotalOverflow();
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

    /// @notice Pays amounts[i] wei to recipients[i] for every i; msg.value must equal their sum.
    /// @dev Checks, then marks the batch executed, then sends: a recipient contract re-entering
    ///      finds the batch paid (and is not the operator anyway). Each send forwards all gas so
    ///      smart-contract wallets can receive; the service estimates the batch before signing.
    function payNative(bytes32 batchId, address[] calldata recipients, uint256[] calldata amounts) external payable {
        uint256 count = _checkBatch(batchId, recipients.length, amounts.length);
        uint256 total = _validatedTotal(recipients, amounts);
        if (total != msg.value) revert WrongNativeValue(total, msg.value);
        executed[batchId] = true;
        uint256 failure;
        assembly ("memory-safe") {
            for { let i := 0 } lt(i, count) { i := add(i, 1) } {
                let offset := shl(5, i)
                if iszero(call(gas(), calldataload(add(recipients.offset, offset)), calldataload(add(amounts.offset, offset)), 0, 0, 0, 0)) {
                    failure := or(shl(128, NATIVE_TRANSFER_FAILED), i)
                    break
                }
            }
        }
        if (failure != 0) _revertItem(failure, recipients, amounts);
        emit BatchPaid(batchId, address(0), _itemsHash(recipients, amounts), total, count);
    }

    /// @notice Pays amounts[i] of token to recipients[i] for every i from this contract's balance.
    /// @dev Calls transfer(address,uint256) directly and accepts, like OpenZeppelin's SafeERC20,
    ///      either no return data (USDT-style tokens; the token is checked to have code) or a
    ///      32-byte true; anything else, or a revert, reverts the batch.
    function payToken(bytes32 batchId, address token, address[] calldata recipients, uint256[] calldata amounts) external {
        uint256 count = _checkBatch(batchId, recipients.length, amounts.length);
        if (token.code.length == 0) revert TokenHasNoCode(token);
        executed[batchId] = true;
        bytes32 itemsHash = _itemsHash(recipients, amounts);
        uint256 total = _transferAll(token, recipients, amounts);
        emit BatchPaid(batchId, token, itemsHash, total, count);
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
    function _checkBatch(bytes32 batchId, uint256 recipientCount, uint256 amountCount) private view returns (uint256) {
        if (msg.sender != operator) revert NotOperator(msg.sender);
        if (executed[batchId]) revert BatchAlreadyExecuted(batchId);
        if (recipientCount != amountCount) revert LengthMismatch(recipientCount, amountCount);
        if (recipientCount == 0) revert EmptyBatch();
        if (recipientCount > MAX_ITEMS) revert TooManyItems(recipientCount, MAX_ITEMS);
        return recipientCount;
    }

    // Why an item failed, in the upper 128 bits of a failure word whose lower bits hold its index.
    uint256 private constant INVALID_RECIPIENT = 1;
    uint256 private constant ZERO_AMOUNT = 2;
    uint256 private constant TOTAL_OVERFLOW = 3;
    uint256 private constant TOKEN_TRANSFER_FAILED = 4;
    uint256 private constant NATIVE_TRANSFER_FAILED = 5;

    /// @dev Every recipient a clean non-zero address, every amount non-zero; answers the sum.
    function _validatedTotal(address[] calldata recipients, uint256[] calldata amounts) private pure returns (uint256 total) {
        uint256 failure;
        assembly ("memory-safe") {
            let count := recipients.length
            for { let i := 0 } lt(i, count) { i := add(i, 1) } {
                let offset := shl(5, i)
                let recipient := calldataload(add(recipients.offset, offset))
                let amount := calldataload(add(amounts.offset, offset))
                if or(iszero(recipient), shr(160, recipient)) {
                    failure := or(shl(128, INVALID_RECIPIENT), i)
                    break
                }
                if iszero(amount) {
                    failure := or(shl(128, ZERO_AMOUNT), i)
                    break
                }
                total := add(total, amount)
                if lt(total, amount) {
                    failure := or(shl(128, TOTAL_OVERFLOW), i)
                    break
                }
            }
        }
        if (failure != 0) _revertItem(failure, recipients, amounts);
    }

    /// @dev Validates and pays every item in one pass (a failure reverts the transfers before it
    ///      with the batch); answers the total paid.
    function _transferAll(address token, address[] calldata recipients, uint256[] calldata amounts) private returns (uint256 total) {
        uint256 failure;
        assembly ("memory-safe") {
            let callData := mload(0x40)
            // A bytes4 is left-aligned in its word: the selector lands in the first four bytes.
            mstore(callData, TRANSFER_SELECTOR)
            let count := recipients.length
            for { let i := 0 } lt(i, count) { i := add(i, 1) } {
                let offset := shl(5, i)
                let recipient := calldataload(add(recipients.offset, offset))
                let amount := calldataload(add(amounts.offset, offset))
                if or(iszero(recipient), shr(160, recipient)) {
                    failure := or(shl(128, INVALID_RECIPIENT), i)
                    break
                }
                if iszero(amount) {
                    failure := or(shl(128, ZERO_AMOUNT), i)
                    break
                }
                total := add(total, amount)
                if lt(total, amount) {
                    failure := or(shl(128, TOTAL_OVERFLOW), i)
                    break
                }
                mstore(add(callData, 4), recipient)
                mstore(add(callData, 36), amount)
                // Success: the call did not revert and returned nothing or exactly a true word.
                // (Its own statement: Yul evaluates arguments right to left.)
                let called := call(gas(), token, 0, callData, 68, 0, 32)
                if iszero(and(called, or(iszero(returndatasize()), and(gt(returndatasize(), 31), eq(mload(0), 1))))) {
                    failure := or(shl(128, TOKEN_TRANSFER_FAILED), i)
                    break
                }
            }
        }
        if (failure != 0) _revertItem(failure, recipients, amounts);
    }

    /// @dev Reverts with the custom error a failure word names.
    function _revertItem(uint256 failure, address[] calldata recipients, uint256[] calldata amounts) private pure {
        uint256 reason = failure >> 128;
        uint256 index = uint128(failure);
        if (reason == INVALID_RECIPIENT) revert InvalidRecipient(index);
        if (reason == ZERO_AMOUNT) revert ZeroAmount(index);
        if (reason == TOTAL_OVERFLOW) revert TotalOverflow();
        if (reason == NATIVE_TRANSFER_FAILED) revert NativeTransferFailed(index, recipients[index], amounts[index]);
        revert TokenTransferFailed(index, recipients[index], amounts[index]);
    }

    /// @dev keccak256(abi.encode(recipients, amounts)) built by copying calldata. A batch with a
    ///      recipient word that is not a clean address reverts, so every emitted hash is over the
    ///      words' ABI encoding.
    function _itemsHash(address[] calldata recipients, uint256[] calldata amounts) private pure returns (bytes32 itemsHash) {
        assembly ("memory-safe") {
            let count := recipients.length
            let arrayBytes := shl(5, count)
            let encoded := mload(0x40)
            mstore(encoded, 0x40)
            mstore(add(encoded, 0x20), add(0x60, arrayBytes))
            mstore(add(encoded, 0x40), count)
            calldatacopy(add(encoded, 0x60), recipients.offset, arrayBytes)
            let second := add(add(encoded, 0x60), arrayBytes)
            mstore(second, count)
            calldatacopy(add(second, 0x20), amounts.offset, arrayBytes)
            itemsHash := keccak256(encoded, add(0x80, shl(1, arrayBytes)))
        }
    }
}

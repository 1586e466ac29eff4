// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title TestTokenBase
/// @notice The ERC-20 bookkeeping shared by the test tokens: balances, allowances, events, and
///         minting by the deployer. Test and local-run use only; it has no supply cap.
abstract contract TestTokenBase {
    string public name;
    string public symbol;
    uint8 public immutable decimals;
    /// @notice The deployer, the only address that may mint.
    address public immutable minter;
    uint256 public totalSupply;
    mapping(address account => uint256 balance) public balanceOf;
    mapping(address account => mapping(address spender => uint256 amount)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    error NotMinter(address caller);
    error ZeroAddress();
    error InsufficientBalance(address account, uint256 balance, uint256 needed);
    error InsufficientAllowance(address spender, uint256 allowance, uint256 needed);

    constructor(string memory tokenName, string memory tokenSymbol, uint8 tokenDecimals) {
        name = tokenName;
        symbol = tokenSymbol;
        decimals = tokenDecimals;
        minter = msg.sender;
    }

    /// @notice Deployer only: creates value tokens for to.
    function mint(address to, uint256 value) external {
        if (msg.sender != minter) revert NotMinter(msg.sender);
        if (to == address(0)) revert ZeroAddress();
        totalSupply += value;
        unchecked {
            // Cannot overflow: no balance exceeds totalSupply, which was checked above.
            balanceOf[to] += value;
        }
        emit Transfer(address(0), to, value);
    }

    function _transfer(address from, address to, uint256 value) internal {
        if (to == address(0)) revert ZeroAddress();
        uint256 fromBalance = balanceOf[from];
        if (fromBalance < value) revert InsufficientBalance(from, fromBalance, value);
        unchecked {
            // Cannot overflow or underflow: checked above, and the sum of balances is totalSupply.
            balanceOf[from] = fromBalance - value;
            balanceOf[to] += value;
        }
        emit Transfer(from, to, value);
    }

    function _spendAllowance(address from, address spender, uint256 value) internal {
        uint256 allowed = allowance[from][spender];
        if (allowed == type(uint256).max) {
            return;
        }
        if (allowed < value) revert InsufficientAllowance(spender, allowed, value);
        unchecked {
            allowance[from][spender] = allowed - value;
        }
    }

    function _approve(address spender, uint256 value) internal {
        if (spender == address(0)) revert ZeroAddress();
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
    }
}

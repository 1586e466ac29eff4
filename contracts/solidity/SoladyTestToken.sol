// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ERC20} from "solady/src/tokens/ERC20.sol";

/// @title SoladyTestToken
/// @notice Solady's ERC20 (the gas-optimised implementation), unchanged, with minting by its deployer
///         and a chosen name, symbol and number of decimals: the token public airdrop benchmarks
///         (Disperse, GasliteDrop) quote their ERC-20 gas on. Tests and benchmarks only.
contract SoladyTestToken is ERC20 {
    string private tokenName;
    string private tokenSymbol;
    uint8 private immutable tokenDecimals;
    /// @notice The deployer, the only address that may mint.
    address public immutable minter;

    error NotMinter(address caller);

    constructor(string memory name_, string memory symbol_, uint8 decimals_) {
        tokenName = name_;
        tokenSymbol = symbol_;
        tokenDecimals = decimals_;
        minter = msg.sender;
    }

    function name() public view override returns (string memory) {
        return tokenName;
    }

    function symbol() public view override returns (string memory) {
        return tokenSymbol;
    }

    function decimals() public view override returns (uint8) {
        return tokenDecimals;
    }

    /// @notice Deployer only: creates value tokens for to.
    function mint(address to, uint256 value) external {
        if (msg.sender != minter) revert NotMinter(msg.sender);
        _mint(to, value);
    }
}

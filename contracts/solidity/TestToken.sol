// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {TestTokenBase} from "TestTokenBase.sol";

/// @title TestToken
/// @notice A standard ERC-20 for tests and the local run: transfer, transferFrom and approve
///         return true, and revert on failure. Minted by its deployer.
contract TestToken is TestTokenBase {
    constructor(string memory tokenName, string memory tokenSymbol, uint8 tokenDecimals)
        TestTokenBase(tokenName, tokenSymbol, tokenDecimals) {}

    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        _spendAllowance(from, msg.sender, value);
        _transfer(from, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        _approve(spender, value);
        return true;
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {TestTokenBase} from "TestTokenBase.sol";

/// @title NoReturnTestToken
/// @notice A USDT-style ERC-20 for tests and the local run: transfer, transferFrom and approve
///         return nothing (as Tether's USDT on Ethereum does) and revert on failure. Callers
///         that insist on a returned bool fail on it; BatchPayout must not. Minted by its deployer.
contract NoReturnTestToken is TestTokenBase {
    constructor(string memory tokenName, string memory tokenSymbol, uint8 tokenDecimals)
        TestTokenBase(tokenName, tokenSymbol, tokenDecimals) {}

    function transfer(address to, uint256 value) external {
        _transfer(msg.sender, to, value);
    }

    function transferFrom(address from, address to, uint256 value) external {
        _spendAllowance(from, msg.sender, value);
        _transfer(from, to, value);
    }

    function approve(address spender, uint256 value) external {
        _approve(spender, value);
    }
}

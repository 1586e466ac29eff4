// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {TestTokenBase} from "TestTokenBase.sol";

/// @title FalseReturnTestToken
/// @notice An ERC-20 of the older kind, for tests: transfer and transferFrom answer false instead of
///         reverting when the balance (or allowance) is short, as ERC-20 permits. A caller that
///         ignores the answer would count a payment that never happened. Minted by its deployer.
contract FalseReturnTestToken is TestTokenBase {
    constructor(string memory tokenName, string memory tokenSymbol, uint8 tokenDecimals)
        TestTokenBase(tokenName, tokenSymbol, tokenDecimals) {}

    function transfer(address to, uint256 value) external returns (bool) {
        if (balanceOf[msg.sender] < value) {
            return false;
        }
        _transfer(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        if (balanceOf[from] < value || allowance[from][msg.sender] < value) {
            return false;
        }
        _spendAllowance(from, msg.sender, value);
        _transfer(from, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        _approve(spender, value);
        return true;
    }
}

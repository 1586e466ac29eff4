// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title OpenZeppelinTestToken
/// @notice OpenZeppelin's ERC20 (the implementation most deployed tokens build on), unchanged, with
///         minting by its deployer and a chosen number of decimals: the token gas figures are quoted
///         for. Tests and benchmarks only.
contract OpenZeppelinTestToken is ERC20 {
    uint8 private immutable tokenDecimals;
    /// @notice The deployer, the only address that may mint.
    address public immutable minter;

    error NotMinter(address caller);

    constructor(string memory tokenName, string memory tokenSymbol, uint8 decimals_) ERC20(tokenName, tokenSymbol) {
        tokenDecimals = decimals_;
        minter = msg.sender;
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

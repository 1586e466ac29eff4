// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @dev The two calls of an ERC-20 that Disperse makes.
interface IDisperseToken {
    function transfer(address to, uint256 value) external returns (bool);
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

/// @title DisperseReference
/// @notice The token functions of Disperse (disperse.app), the batch sender payouts are usually compared
///         with, rewritten for this compiler with the same logic: disperseToken pulls the total from the
///         caller once and transfers from its own balance; disperseTokenSimple calls transferFrom per
///         recipient. Arithmetic is unchecked as in the original (Solidity 0.4.25). For the gas benchmark
///         only: it has no operator, no batch id and no event, and is not part of the payout path.
contract DisperseReference {
    function disperseToken(IDisperseToken token, address[] calldata recipients, uint256[] calldata values) external {
        uint256 total = 0;
        unchecked {
            for (uint256 i = 0; i < recipients.length; i++) {
                total += values[i];
            }
        }
        require(token.transferFrom(msg.sender, address(this), total));
        unchecked {
            for (uint256 i = 0; i < recipients.length; i++) {
                require(token.transfer(recipients[i], values[i]));
            }
        }
    }

    function disperseTokenSimple(IDisperseToken token, address[] calldata recipients, uint256[] calldata values) external {
        unchecked {
            for (uint256 i = 0; i < recipients.length; i++) {
                require(token.transferFrom(msg.sender, recipients[i], values[i]));
            }
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title PipelineProbe
/// @notice Proves the build pipeline (solcjs -> ABI/bin -> web3j wrapper -> deployment in
///         payout-service's tests). Holds no value and has no owner: not for production use.
contract PipelineProbe {
    uint256 private value;

    /// @notice Emitted on every set, with the caller, so a test can check the log.
    event ValueSet(address indexed setter, uint256 previousValue, uint256 newValue);

    function set(uint256 newValue) external {
        uint256 previousValue = value;
        value = newValue;
        emit ValueSet(msg.sender, previousValue, newValue);
    }

    function get() external view returns (uint256) {
        return value;
    }
}

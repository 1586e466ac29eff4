package dev.restitution.ledger.incident.domain;

import java.util.Objects;

/** An address the exchange controls on a chain, where recovered funds of the incident are sent (EIP-55). */
public record RecoveryAddress(long chainId, String address) {
    public RecoveryAddress {
        Objects.requireNonNull(address, "address");
    }
}

package dev.restitution.ledger.snapshot.domain;

/** How a balances file writes amounts. */
public enum AmountFormat {
    /** Digits of the asset's smallest unit: {@code 1500000000000000000} is 1.5 ETH. */
    MINOR_UNITS,
    /** Whole units with at most the asset's decimals: {@code 1.5} is 1.5 ETH. */
    DECIMAL
}

package dev.restitution.ledger.snapshot.domain;

/** The two layouts of a balances file. */
public enum FileFormat {
    /** Header {@code account_id,asset,amount}, then one row per line. */
    CSV,
    /** One JSON object {@code {"account_id": .., "asset": .., "amount": ".."}} per line. */
    NDJSON
}

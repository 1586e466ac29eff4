package dev.restitution.ledger.snapshot.domain;

/** The life of one uploaded balances file. */
public enum ImportState {
    /** The file is being read, validated and loaded; progress is written about once a second. */
    RECEIVING,
    /** Valid and loaded: rows, totals and Merkle root are stored, ready to be sealed. */
    LOADED,
    /** The file had errors; nothing of it was kept. */
    REJECTED,
    /** The import stopped unexpectedly (crash, lost connection); nothing of it was kept. */
    FAILED,
    /** A later upload replaced it before sealing; its rows are gone. */
    SUPERSEDED,
    /** Sealed: never changes again. */
    SEALED
}

package dev.restitution.ledger.snapshot.domain;

import java.math.BigInteger;

/** One row of an account in a sealed snapshot, with everything its owner needs to verify it against the root. */
public record AccountEntry(String asset, BigInteger amount, int decimals, byte[] salt, byte[] accountCommitment,
                           byte[] leafHash, byte[][] proof) {
}

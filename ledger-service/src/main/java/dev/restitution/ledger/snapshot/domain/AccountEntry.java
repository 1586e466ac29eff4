package dev.restitution.ledger.snapshot.domain;

import java.math.BigInteger;

/**
 * One row of an account in a sealed snapshot, with everything its owner needs to verify it against
 * the root: {@code leafAsset} is the asset string the leaf holds (the symbol in leaf format v1, the
 * CAIP-19 {@code assetId} in v2).
 */
public record AccountEntry(String asset, String assetId, String leafAsset, BigInteger amount, int decimals, byte[] salt,
                           byte[] accountCommitment, byte[] leafHash, byte[][] proof) {
}

package dev.restitution.ledger.snapshot.domain;

import dev.restitution.ledger.incident.domain.AssetSpec;

/**
 * The format of a snapshot's leaves, recorded with each import so that a snapshot sealed in an
 * older format keeps verifying (its root is on record and never changes). Both formats hash
 * {@code [accountCommitment, asset, amount]} with the encoding {@link SnapshotLeaves#LEAF_ENCODING};
 * they differ in the asset string (see {@code contracts/docs/formats.md}).
 */
public enum LeafVersion {
    /** The asset is the incident's symbol, e.g. {@code USDT}. Snapshots imported before CAIP-19. */
    V1(1),
    /** The asset is its canonical CAIP-19 id, e.g. {@code eip155:1/erc20:0xdac17f958d2ee523a2206206994597c13d831ec7}. */
    V2(2);

    /** The format new imports are hashed in. */
    public static final LeafVersion CURRENT = V2;

    private final int number;

    LeafVersion(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static LeafVersion of(int number) {
        for (LeafVersion version : values()) {
            if (version.number == number) {
                return version;
            }
        }
        throw new IllegalArgumentException("no snapshot leaf format " + number);
    }

    /** The asset string a leaf of this format holds for {@code asset}. */
    public String assetText(AssetSpec asset) {
        return this == V1 ? asset.symbol() : asset.assetId().toString();
    }
}

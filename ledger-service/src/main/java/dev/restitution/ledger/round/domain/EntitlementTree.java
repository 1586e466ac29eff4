package dev.restitution.ledger.round.domain;

import java.util.HexFormat;
import java.util.Objects;

/**
 * The root of an approved round's entitlement tree (OpenZeppelin StandardMerkleTree of
 * {@link EntitlementLeaf}s), the leaf format it was built in and how many leaves it has.
 */
public record EntitlementTree(byte[] root, int leafFormat, long leaves) {

    public EntitlementTree {
        Objects.requireNonNull(root, "root");
        root = root.clone();
        if (root.length != 32) {
            throw new IllegalArgumentException("a root has 32 bytes, not " + root.length);
        }
        if (leafFormat != EntitlementLeaf.FORMAT_VERSION) {
            throw new IllegalArgumentException("unknown entitlement leaf format " + leafFormat);
        }
        if (leaves < 1) {
            throw new IllegalArgumentException("a tree has at least one leaf, not " + leaves);
        }
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    /** The root as 0x-prefixed lower-case hex. */
    public String rootHex() {
        return "0x" + HexFormat.of().formatHex(root);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EntitlementTree tree && java.util.Arrays.equals(root, tree.root)
                && leafFormat == tree.leafFormat && leaves == tree.leaves;
    }

    @Override
    public int hashCode() {
        return Objects.hash(java.util.Arrays.hashCode(root), leafFormat, leaves);
    }

    @Override
    public String toString() {
        return "EntitlementTree[" + rootHex() + ", format " + leafFormat + ", " + leaves + " leaves]";
    }
}

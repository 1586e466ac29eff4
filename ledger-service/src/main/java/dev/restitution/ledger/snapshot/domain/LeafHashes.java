package dev.restitution.ledger.snapshot.domain;

/**
 * The leaf hashes of an import in file order (ordinal = data row number from 0), 32 bytes each,
 * kept in pages so that millions of them need no single huge array.
 */
public final class LeafHashes {

    static final int LEAVES_PER_PAGE = 1 << 14;
    private static final int PAGE_BYTES = LEAVES_PER_PAGE * Keccak256.HASH_BYTES;

    private final int maxLeaves;
    private byte[][] pages = new byte[16][];
    private int count;

    public LeafHashes(int maxLeaves) {
        if (maxLeaves < 1 || maxLeaves > MerkleTree.MAX_LEAVES) {
            throw new IllegalArgumentException("maxLeaves must be 1.." + MerkleTree.MAX_LEAVES + ", not " + maxLeaves);
        }
        this.maxLeaves = maxLeaves;
    }

    /** Where the next leaf goes: write its 32 bytes into {@link #page(int)} at {@link #offset(int)}, then {@link #commit()}. */
    public int reserve() {
        if (count == maxLeaves) {
            throw new IllegalStateException("more than " + maxLeaves + " leaves");
        }
        int page = count / LEAVES_PER_PAGE;
        if (page == pages.length) {
            byte[][] grown = new byte[pages.length * 2][];
            System.arraycopy(pages, 0, grown, 0, pages.length);
            pages = grown;
        }
        if (pages[page] == null) {
            pages[page] = new byte[PAGE_BYTES];
        }
        return count;
    }

    public void commit() {
        count++;
    }

    public byte[] page(int ordinal) {
        return pages[ordinal / LEAVES_PER_PAGE];
    }

    public int offset(int ordinal) {
        return (ordinal % LEAVES_PER_PAGE) * Keccak256.HASH_BYTES;
    }

    public int count() {
        return count;
    }

    /** Unsigned byte {@code index} (0..31) of leaf {@code ordinal}. */
    int byteAt(int ordinal, int index) {
        return page(ordinal)[offset(ordinal) + index] & 0xff;
    }

    /** Compares two leaves as 32-byte big-endian unsigned numbers, as the library sorts them. */
    int compare(int left, int right) {
        byte[] leftPage = page(left);
        byte[] rightPage = page(right);
        int leftOffset = offset(left);
        int rightOffset = offset(right);
        return java.util.Arrays.compareUnsigned(leftPage, leftOffset, leftOffset + Keccak256.HASH_BYTES,
                rightPage, rightOffset, rightOffset + Keccak256.HASH_BYTES);
    }
}

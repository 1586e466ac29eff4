package dev.restitution.ledger.snapshot.domain;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A Merkle tree laid out exactly as OpenZeppelin's StandardMerkleTree ({@code makeMerkleTree} in
 * {@code @openzeppelin/merkle-tree}): leaves sorted by hash (unsigned, big-endian), an array of
 * {@code 2n - 1} nodes with the root at 0, the children of node {@code i} at {@code 2i + 1} and
 * {@code 2i + 2}, leaf of rank {@code r} at {@code 2n - 2 - r}, and every inner node the keccak256 of
 * its two children concatenated smaller first. Proofs are the siblings from a leaf up to the root.
 *
 * <p>The nodes are kept in chunks of {@link #NODES_PER_CHUNK}, the unit in which they are stored.
 */
public final class MerkleTree {

    /** The sort packs a leaf's ordinal into 24 bits. */
    public static final int MAX_LEAVES = 1 << 24;
    public static final int NODES_PER_CHUNK = 1024;
    public static final int CHUNK_BYTES = NODES_PER_CHUNK * Keccak256.HASH_BYTES;
    private static final int ORDINAL_BITS = 24;
    private static final long ORDINAL_MASK = (1L << ORDINAL_BITS) - 1;
    /** Inner nodes hashed per parallel task. */
    private static final int NODES_PER_TASK = 8192;

    private final int leafCount;
    private final byte[][] chunks;
    private final int[] rankOfOrdinal;

    private MerkleTree(int leafCount, byte[][] chunks, int[] rankOfOrdinal) {
        this.leafCount = leafCount;
        this.chunks = chunks;
        this.rankOfOrdinal = rankOfOrdinal;
    }

    /** Builds the tree of {@code leaves} (in file order), hashing inner nodes on all cores. */
    public static MerkleTree build(LeafHashes leaves) {
        int leafCount = leaves.count();
        if (leafCount < 1 || leafCount > MAX_LEAVES) {
            throw new IllegalArgumentException("a tree has 1.." + MAX_LEAVES + " leaves, not " + leafCount);
        }
        int[] ordinalsByRank = sortedOrdinals(leaves);
        int nodeCount = 2 * leafCount - 1;
        byte[][] chunks = new byte[chunkCount(nodeCount)][];
        for (int chunk = 0; chunk < chunks.length; chunk++) {
            int nodesInChunk = Math.min(NODES_PER_CHUNK, nodeCount - chunk * NODES_PER_CHUNK);
            chunks[chunk] = new byte[nodesInChunk * Keccak256.HASH_BYTES];
        }
        int[] rankOfOrdinal = new int[leafCount];
        for (int rank = 0; rank < leafCount; rank++) {
            int ordinal = ordinalsByRank[rank];
            rankOfOrdinal[ordinal] = rank;
            int node = nodeCount - 1 - rank;
            System.arraycopy(leaves.page(ordinal), leaves.offset(ordinal), chunks[node / NODES_PER_CHUNK],
                    (node % NODES_PER_CHUNK) * Keccak256.HASH_BYTES, Keccak256.HASH_BYTES);
        }
        hashInnerNodes(chunks, leafCount);
        return new MerkleTree(leafCount, chunks, rankOfOrdinal);
    }

    public static int chunkCount(int nodeCount) {
        return (nodeCount + NODES_PER_CHUNK - 1) / NODES_PER_CHUNK;
    }

    /** Array index of the leaf of {@code rank} in a tree of {@code leafCount} leaves. */
    public static int leafNode(int leafCount, int rank) {
        if (rank < 0 || rank >= leafCount) {
            throw new IllegalArgumentException("rank " + rank + " outside 0.." + (leafCount - 1));
        }
        return 2 * leafCount - 2 - rank;
    }

    /** Array indices of the proof of {@code node}: its sibling, its parent's sibling, ... up to below the root. */
    public static int[] proofNodes(int node) {
        int[] path = new int[32];
        int length = 0;
        for (int current = node; current > 0; current = (current - 1) / 2) {
            path[length++] = current % 2 == 1 ? current + 1 : current - 1;
        }
        return Arrays.copyOf(path, length);
    }

    /** The root a leaf and its proof lead to (sorted-pair hashing), to check a proof before handing it out. */
    public static byte[] processProof(byte[] leaf, byte[][] proof) {
        Keccak256 keccak = new Keccak256();
        byte[] pair = new byte[2 * Keccak256.HASH_BYTES];
        byte[] current = leaf.clone();
        for (byte[] sibling : proof) {
            boolean currentFirst = Arrays.compareUnsigned(current, sibling) <= 0;
            System.arraycopy(currentFirst ? current : sibling, 0, pair, 0, Keccak256.HASH_BYTES);
            System.arraycopy(currentFirst ? sibling : current, 0, pair, Keccak256.HASH_BYTES, Keccak256.HASH_BYTES);
            keccak.hash(pair, 0, pair.length, current, 0);
        }
        return current;
    }

    public int leafCount() {
        return leafCount;
    }

    public byte[] root() {
        return node(0);
    }

    public byte[] node(int index) {
        return Arrays.copyOfRange(chunks[index / NODES_PER_CHUNK], (index % NODES_PER_CHUNK) * Keccak256.HASH_BYTES,
                (index % NODES_PER_CHUNK + 1) * Keccak256.HASH_BYTES);
    }

    /** The stored form: chunk {@code c} holds nodes {@code c * NODES_PER_CHUNK} onward. Not copied. */
    public byte[][] chunks() {
        return chunks;
    }

    /** For each ordinal (row of the file), the rank of its leaf among the sorted leaves. Not copied. */
    public int[] rankOfOrdinal() {
        return rankOfOrdinal;
    }

    /**
     * Ordinals sorted by their leaf hash. A key packs the first 40 bits of the hash above the 24-bit
     * ordinal, so one primitive sort does almost all the work; leaves sharing those 40 bits (a few
     * dozen pairs among ten million) are put in order by their full hashes afterwards.
     */
    static int[] sortedOrdinals(LeafHashes leaves) {
        int count = leaves.count();
        long[] keys = new long[count];
        for (int ordinal = 0; ordinal < count; ordinal++) {
            long prefix = 0;
            for (int index = 0; index < 5; index++) {
                prefix = (prefix << 8) | leaves.byteAt(ordinal, index);
            }
            // Flipping the sign bit makes the signed sort order the unsigned one.
            keys[ordinal] = ((prefix << ORDINAL_BITS) | ordinal) ^ Long.MIN_VALUE;
        }
        Arrays.parallelSort(keys);
        int[] ordinals = new int[count];
        for (int rank = 0; rank < count; rank++) {
            ordinals[rank] = (int) (keys[rank] & ORDINAL_MASK);
        }
        int runStart = 0;
        for (int rank = 1; rank <= count; rank++) {
            if (rank == count || (keys[rank] >>> ORDINAL_BITS) != (keys[runStart] >>> ORDINAL_BITS)) {
                if (rank - runStart > 1) {
                    sortRun(leaves, ordinals, runStart, rank);
                }
                runStart = rank;
            }
        }
        return ordinals;
    }

    /** Insertion sort by full hash, stable (equal hashes keep file order, as the library's sort does). */
    private static void sortRun(LeafHashes leaves, int[] ordinals, int from, int to) {
        for (int index = from + 1; index < to; index++) {
            int ordinal = ordinals[index];
            int position = index - 1;
            while (position >= from && leaves.compare(ordinals[position], ordinal) > 0) {
                ordinals[position + 1] = ordinals[position];
                position--;
            }
            ordinals[position + 1] = ordinal;
        }
    }

    /** Inner nodes level by level from the deepest; the nodes of one level are independent, so hashed in parallel. */
    private static void hashInnerNodes(byte[][] chunks, int leafCount) {
        if (leafCount == 1) {
            return;
        }
        int lastInner = leafCount - 2;
        for (int depth = 31 - Integer.numberOfLeadingZeros(lastInner + 1); depth >= 0; depth--) {
            int first = (1 << depth) - 1;
            int last = Math.min((1 << (depth + 1)) - 2, lastInner);
            int tasks = (last - first) / NODES_PER_TASK + 1;
            IntStream range = IntStream.range(0, tasks);
            (tasks > 1 ? range.parallel() : range).forEach(task -> {
                int from = first + task * NODES_PER_TASK;
                int to = Math.min(last, from + NODES_PER_TASK - 1);
                hashRange(chunks, from, to);
            });
        }
    }

    private static void hashRange(byte[][] chunks, int from, int to) {
        Keccak256 keccak = new Keccak256();
        byte[] pair = new byte[2 * Keccak256.HASH_BYTES];
        for (int node = from; node <= to; node++) {
            int left = 2 * node + 1;
            int right = left + 1;
            byte[] leftChunk = chunks[left / NODES_PER_CHUNK];
            byte[] rightChunk = chunks[right / NODES_PER_CHUNK];
            int leftOffset = (left % NODES_PER_CHUNK) * Keccak256.HASH_BYTES;
            int rightOffset = (right % NODES_PER_CHUNK) * Keccak256.HASH_BYTES;
            boolean leftFirst = Arrays.compareUnsigned(leftChunk, leftOffset, leftOffset + Keccak256.HASH_BYTES,
                    rightChunk, rightOffset, rightOffset + Keccak256.HASH_BYTES) <= 0;
            if (leftFirst) {
                System.arraycopy(leftChunk, leftOffset, pair, 0, Keccak256.HASH_BYTES);
                System.arraycopy(rightChunk, rightOffset, pair, Keccak256.HASH_BYTES, Keccak256.HASH_BYTES);
            } else {
                System.arraycopy(rightChunk, rightOffset, pair, 0, Keccak256.HASH_BYTES);
                System.arraycopy(leftChunk, leftOffset, pair, Keccak256.HASH_BYTES, Keccak256.HASH_BYTES);
            }
            keccak.hash(pair, 0, pair.length, chunks[node / NODES_PER_CHUNK], (node % NODES_PER_CHUNK) * Keccak256.HASH_BYTES);
        }
    }
}

package dev.restitution.payout.distribution.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The Merkle tree of one pull distribution (contracts/solidity/MerkleDistributor.sol; contracts/docs/formats.md,
 * "Distribution leaf, version 1"), built exactly as the contract verifies it:
 * <ul>
 * <li>leaf {@code i} = keccak256(abi.encodePacked(uint256 i, address account, uint256 amount)), 84 bytes, for the
 * i-th entry of the list (index = position, from 0);</li>
 * <li>each level pairs the nodes (0,1), (2,3), ... and hashes each pair sorted, the smaller first (as bytes32,
 * i.e. unsigned big-endian); a level's last node without a partner moves up unchanged;</li>
 * <li>a proof is the partners from the leaf up, a level where the node moved up unchanged contributing none.</li>
 * </ul>
 * Hashes are 0x and 64 lowercase hex digits; addresses are accepted in any case and kept lower case.
 */
public final class DistributionTree {

    /** Bounds the tree's memory (about 100 bytes per leaf) and a claim's proof (at most 20 siblings). */
    public static final int MAX_LEAVES = 1 << 20;
    private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);
    private static final int LEAF_BYTES = 32 + 20 + 32;

    /** One entitled account and what this distribution pays it, in the asset's smallest unit. */
    public record Entry(String account, BigInteger amount) {
        public Entry {
            if (account == null || !account.matches("^0x[0-9a-fA-F]{40}$")) {
                throw new IllegalArgumentException("account must be 0x and 40 hex digits, not " + account);
            }
            account = account.toLowerCase(Locale.ROOT);
            if (new BigInteger(account.substring(2), 16).signum() == 0) {
                throw new IllegalArgumentException("account must not be the zero address");
            }
            if (amount == null || amount.signum() <= 0 || amount.compareTo(UINT256_LIMIT) >= 0) {
                throw new IllegalArgumentException("amount of " + account + " must be a positive uint256");
            }
        }
    }

    private final List<Entry> entries;
    private final BigInteger total;
    /** layers[0] are the leaves, the last layer holds the root alone. */
    private final List<byte[][]> layers;

    private DistributionTree(List<Entry> entries, BigInteger total, List<byte[][]> layers) {
        this.entries = entries;
        this.total = total;
        this.layers = layers;
    }

    /** The tree of entries, leaf i being entries[i]; each account at most once, the amounts summing below 2^256. */
    public static DistributionTree of(List<Entry> entries) {
        if (entries.isEmpty() || entries.size() > MAX_LEAVES) {
            throw new IllegalArgumentException("a distribution has 1 to " + MAX_LEAVES + " entries, not " + entries.size());
        }
        List<Entry> copy = List.copyOf(entries);
        Set<String> accounts = new HashSet<>();
        BigInteger total = BigInteger.ZERO;
        byte[][] leaves = new byte[copy.size()][];
        for (int index = 0; index < copy.size(); index++) {
            Entry entry = copy.get(index);
            if (!accounts.add(entry.account())) {
                throw new IllegalArgumentException("account " + entry.account() + " appears twice (entry " + index + ")");
            }
            total = total.add(entry.amount());
            leaves[index] = leafHash(index, entry.account(), entry.amount());
        }
        if (total.compareTo(UINT256_LIMIT) >= 0) {
            throw new IllegalArgumentException("the amounts sum to more than a uint256");
        }
        List<byte[][]> layers = new ArrayList<>();
        layers.add(leaves);
        byte[][] level = leaves;
        while (level.length > 1) {
            byte[][] next = new byte[(level.length + 1) / 2][];
            for (int i = 0; i < next.length; i++) {
                int left = 2 * i;
                next[i] = left + 1 < level.length ? node(level[left], level[left + 1]) : level[left];
            }
            layers.add(next);
            level = next;
        }
        return new DistributionTree(copy, total, layers);
    }

    /** keccak256(abi.encodePacked(uint256 index, address account, uint256 amount)). */
    public static byte[] leafHash(long index, String account, BigInteger amount) {
        Entry entry = new Entry(account, amount);
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
        byte[] packed = new byte[LEAF_BYTES];
        byte[] indexBytes = BigInteger.valueOf(index).toByteArray();
        System.arraycopy(indexBytes, 0, packed, 32 - indexBytes.length, indexBytes.length);
        byte[] accountBytes = Numeric.hexStringToByteArray(entry.account());
        System.arraycopy(accountBytes, 0, packed, 32, 20);
        byte[] amountBytes = Numeric.toBytesPadded(entry.amount(), 32);
        System.arraycopy(amountBytes, 0, packed, 52, 32);
        return Hash.sha3(packed);
    }

    /** The number of leaves. */
    public int size() {
        return entries.size();
    }

    /** The entry of leaf index. */
    public Entry entry(int index) {
        return entries.get(checkedIndex(index));
    }

    /** The sum of the amounts: what the distributor is funded with. */
    public BigInteger total() {
        return total;
    }

    public String root() {
        return Numeric.toHexString(layers.getLast()[0]);
    }

    public String leaf(int index) {
        return Numeric.toHexString(layers.getFirst()[checkedIndex(index)]);
    }

    /** The siblings from leaf index up to the root, as the contract's bytes32[] proof. */
    public List<byte[]> proof(int index) {
        int position = checkedIndex(index);
        List<byte[]> proof = new ArrayList<>();
        for (byte[][] level : layers.subList(0, layers.size() - 1)) {
            int sibling = position ^ 1;
            if (sibling < level.length) {
                proof.add(level[sibling].clone());
            }
            position >>= 1;
        }
        return proof;
    }

    /** {@link #proof(int)} as 0x hex strings. */
    public List<String> proofHex(int index) {
        return proof(index).stream().map(Numeric::toHexString).toList();
    }

    private int checkedIndex(int index) {
        if (index < 0 || index >= entries.size()) {
            throw new IllegalArgumentException("no leaf " + index + " in a tree of " + entries.size());
        }
        return index;
    }

    /** keccak256 of the two children, the smaller (unsigned) first. */
    private static byte[] node(byte[] a, byte[] b) {
        byte[] pair = new byte[64];
        boolean aFirst = Arrays.compareUnsigned(a, b) <= 0;
        System.arraycopy(aFirst ? a : b, 0, pair, 0, 32);
        System.arraycopy(aFirst ? b : a, 0, pair, 32, 32);
        return Hash.sha3(pair);
    }
}

package dev.restitution.payout.distribution.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.restitution.payout.distribution.domain.DistributionTree.Entry;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The vectors were computed by a separate JavaScript implementation of contracts/docs/formats.md's "Distribution
 * leaf, version 1" (ethereum-cryptography's keccak256, the bytes packed by hand); that the contract accepts these
 * proofs is proven on anvil by MerkleDistributorTest.
 */
class DistributionTreeTest {

    private static final List<Entry> FIVE = List.of(
            new Entry("0x1111111111111111111111111111111111111111", BigInteger.valueOf(1000)),
            new Entry("0x2222222222222222222222222222222222222222", BigInteger.valueOf(2000)),
            new Entry("0x3333333333333333333333333333333333333333", new BigInteger("3000000000000000000")),
            new Entry("0xABCDEF0123456789abcdef0123456789ABCDEF01", BigInteger.ONE.shiftLeft(255)),
            new Entry("0x00000000000000000000000000000000000000ff", BigInteger.ONE));

    @Test
    void leavesRootAndProofsAreTheIndependentImplementationsVectors() {
        // Why: a claimant's proof is checked by the contract against the committed root; one byte of difference in
        // the leaf packing, the pair order or the odd node's handling makes every claim of the distribution fail.
        DistributionTree tree = DistributionTree.of(FIVE);
        assertEquals(List.of(
                "0x402e1eed59e6aad1f2c024f15302012f4d795e26d8dedcb6da4cb7e759b08681",
                "0x84c88780c63b0e1aa60374147649734e071d55819aa8b59e158113218ec01c0b",
                "0xe1c82cab2726bcddd571159bc37c7e1dd890e2bc74af5e758d8e5df39a6ae02f",
                "0x4ce0066e053f579125f326a00a2a41ea78bf00136ef0929732b20aba1c76fb06",
                "0x0920cd6e8e4f8c054144741fd5ab8224793b158659b89979d1bb7facce11e283"),
                List.of(tree.leaf(0), tree.leaf(1), tree.leaf(2), tree.leaf(3), tree.leaf(4)));
        assertEquals("0x8d5d9b52e445d8448a7cb8ecf094c73c35f4df9badf01f8afca64639d27257c5", tree.root());
        assertEquals(List.of(
                "0x84c88780c63b0e1aa60374147649734e071d55819aa8b59e158113218ec01c0b",
                "0x88d92f306842e706734b871f91235a6d4d88200e5ee7184d14f33af7ac0887b0",
                "0x0920cd6e8e4f8c054144741fd5ab8224793b158659b89979d1bb7facce11e283"), tree.proofHex(0));
        assertEquals(List.of(
                "0xe1c82cab2726bcddd571159bc37c7e1dd890e2bc74af5e758d8e5df39a6ae02f",
                "0xedb04fd95be0680ab3eabbbf9692c3ba45625530648d6e9bafebfef9db15ee02",
                "0x0920cd6e8e4f8c054144741fd5ab8224793b158659b89979d1bb7facce11e283"), tree.proofHex(3));
        // The last leaf has no partner on the first two levels: it moves up unchanged, one sibling in all.
        assertEquals(List.of("0xb69f554710ddf1566dbd1654cd26731799b8acd28f8a0e948a6537f664e45e3c"), tree.proofHex(4));
        assertEquals(new BigInteger("3000000000000003001").add(BigInteger.ONE.shiftLeft(255)), tree.total());
        assertEquals("0xabcdef0123456789abcdef0123456789abcdef01", tree.entry(3).account());
    }

    @Test
    void everyProofOfATreeOfAnySizeLeadsFromItsLeafToTheRoot() {
        // Why: sizes that are not powers of two leave odd nodes at several levels; each leaf's proof must still lead
        // to the root exactly as the contract folds it (sorted pairs, bottom up).
        for (int size : new int[] {1, 2, 3, 7, 8, 9, 33}) {
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                entries.add(new Entry(String.format("0x%040x", i + 1), BigInteger.valueOf(i + 10L)));
            }
            DistributionTree tree = DistributionTree.of(entries);
            for (int i = 0; i < size; i++) {
                byte[] node = Numeric.hexStringToByteArray(tree.leaf(i));
                for (byte[] sibling : tree.proof(i)) {
                    boolean nodeFirst = Arrays.compareUnsigned(node, sibling) <= 0;
                    byte[] pair = new byte[64];
                    System.arraycopy(nodeFirst ? node : sibling, 0, pair, 0, 32);
                    System.arraycopy(nodeFirst ? sibling : node, 0, pair, 32, 32);
                    node = Hash.sha3(pair);
                }
                assertEquals(tree.root(), Numeric.toHexString(node), "leaf " + i + " of " + size);
            }
            int expectedLength = 32 - Integer.numberOfLeadingZeros(size - 1);
            assertEquals(expectedLength, tree.proof(0).size(), "proof length in a tree of " + size);
        }
    }

    @Test
    void aLeafIsEightyFourPackedBytesSoItCanNeverPassForAnInnerNode() {
        // Why: an inner node hashes exactly 64 bytes; a leaf hashing 64 bytes could be replaced by an inner node's
        // children (a second preimage), so the leaf must hash the 84 packed bytes, once.
        byte[] packed = Numeric.hexStringToByteArray("0x" + "00".repeat(31) + "02"
                + "3333333333333333333333333333333333333333" + "00".repeat(24) + "29a2241af62c0000");
        assertArrayEquals(Hash.sha3(packed), DistributionTree.leafHash(2, "0x3333333333333333333333333333333333333333",
                new BigInteger("3000000000000000000")));
        assertNotEquals(DistributionTree.of(FIVE).leaf(0), DistributionTree.of(FIVE.reversed()).leaf(4));
    }

    @Test
    void badEntriesAreRefusedNamingTheProblem() {
        // Why: a duplicate account would be paid twice, a zero amount or address wastes a leaf nobody can use, and an
        // empty or oversized list cannot be deployed or proven.
        BigInteger one = BigInteger.ONE;
        assertEquals("account 0x1111111111111111111111111111111111111111 appears twice (entry 1)",
                assertThrows(IllegalArgumentException.class, () -> DistributionTree.of(List.of(
                        new Entry("0x1111111111111111111111111111111111111111", one),
                        new Entry("0x1111111111111111111111111111111111111111".toUpperCase().replace("0X", "0x"), one))))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Entry("0x" + "00".repeat(20), one));
        assertThrows(IllegalArgumentException.class, () -> new Entry("0x1234", one));
        assertThrows(IllegalArgumentException.class, () -> new Entry("0x1111111111111111111111111111111111111111", BigInteger.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new Entry("0x1111111111111111111111111111111111111111", BigInteger.ONE.shiftLeft(256)));
        assertThrows(IllegalArgumentException.class, () -> DistributionTree.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> DistributionTree.of(List.of(
                new Entry("0x1111111111111111111111111111111111111111", BigInteger.ONE.shiftLeft(255)),
                new Entry("0x2222222222222222222222222222222222222222", BigInteger.ONE.shiftLeft(255)))));
        assertThrows(IllegalArgumentException.class, () -> DistributionTree.of(FIVE).proof(5));
    }
}

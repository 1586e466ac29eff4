package dev.restitution.ledger.snapshot.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MerkleTreeCompatibilityTest {

    private static final HexFormat HEX = HexFormat.of();

    private record Row(String accountId, String asset, BigInteger amount) {
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8, 13, 100, 1025})
    void rootLeavesAndEveryProofEqualOpenZeppelinsStandardMerkleTree(int rowCount) {
        // Why: claimants verify with @openzeppelin/merkle-tree; its layout, sorting and hashing must be reproduced bit for bit.
        assertSameTreeAsOpenZeppelin(rowCount, "USDT", "ETH");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 100})
    void leavesOfFormatTwoWithCaip19AssetIdsEqualOpenZeppelinsStandardMerkleTree(int rowCount) {
        // Why: a CAIP-19 asset id spans two or more ABI words, where a symbol took one; the string's tail must be encoded as abi.encode does.
        assertSameTreeAsOpenZeppelin(rowCount, "eip155:1/erc20:0xdac17f958d2ee523a2206206994597c13d831ec7",
                "eip155:1/slip44:60");
    }

    private static void assertSameTreeAsOpenZeppelin(int rowCount, String usdt, String eth) {
        Random random = new Random(rowCount);
        byte[] secret = new byte[SnapshotLeaves.SECRET_BYTES];
        random.nextBytes(secret);
        SnapshotLeaves leaves = new SnapshotLeaves(secret);
        List<Row> rows = new ArrayList<>();
        for (int index = 0; index < rowCount; index++) {
            BigInteger amount = index % 7 == 0 ? Amounts.MAX.subtract(BigInteger.valueOf(index))
                    : BigInteger.valueOf(random.nextLong() & Long.MAX_VALUE);
            rows.add(new Row("ACC-" + index, index % 3 == 0 ? usdt : eth, amount));
        }
        LeafHashes hashes = new LeafHashes(rowCount);
        List<List<String>> values = new ArrayList<>();
        byte[] salt = new byte[32];
        byte[] commitment = new byte[32];
        for (Row row : rows) {
            int ordinal = hashes.reserve();
            leaves.salt(ordinal, salt, 0);
            leaves.accountCommitment(salt, 0, row.accountId(), commitment, 0);
            leaves.leafHash(commitment, 0, row.asset(), row.amount(), hashes.page(ordinal), hashes.offset(ordinal));
            hashes.commit();
            values.add(List.of("0x" + HEX.formatHex(commitment), row.asset(), row.amount().toString()));
        }

        MerkleTree tree = MerkleTree.build(hashes);
        JsonNode reference = NodeMerkleTree.build(SnapshotLeaves.LEAF_ENCODING, values);

        assertEquals(reference.path("root").asText(), "0x" + HEX.formatHex(tree.root()));
        for (int ordinal = 0; ordinal < rowCount; ordinal++) {
            int leafNode = MerkleTree.leafNode(rowCount, tree.rankOfOrdinal()[ordinal]);
            assertEquals(reference.path("leafHashes").get(ordinal).asText(), "0x" + HEX.formatHex(tree.node(leafNode)));
            List<String> proof = Arrays.stream(MerkleTree.proofNodes(leafNode))
                    .mapToObj(node -> "0x" + HEX.formatHex(tree.node(node))).toList();
            List<String> expected = new ArrayList<>();
            reference.path("proofs").get(ordinal).forEach(node -> expected.add(node.asText()));
            assertEquals(expected, proof, "proof of row " + ordinal);
            assertArrayEquals(tree.root(), MerkleTree.processProof(tree.node(leafNode),
                    proof.stream().map(node -> HEX.parseHex(node.substring(2))).toArray(byte[][]::new)));
        }
    }

    @Test
    void aSingleLeafIsItsOwnRootWithAnEmptyProof() {
        // Why: an incident with one affected account is legitimate; the library's one-leaf tree has no siblings.
        LeafHashes hashes = new LeafHashes(1);
        int ordinal = hashes.reserve();
        new SnapshotLeaves(new byte[32]).rowLeaf(new byte[32], 0, "ACC-1", "ETH", BigInteger.TEN, new byte[32],
                hashes.page(ordinal), hashes.offset(ordinal));
        hashes.commit();
        MerkleTree tree = MerkleTree.build(hashes);
        assertArrayEquals(tree.node(0), tree.root());
        assertEquals(0, MerkleTree.proofNodes(MerkleTree.leafNode(1, 0)).length);
    }

    @Test
    void anEmptyTreeIsRefused() {
        // Why: a snapshot without rows commits to nothing; building it is a bug, not an edge case.
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.build(new LeafHashes(10)));
    }
}
